"""The public statistics with their pictures (issue 19): axe at 1280 and 375 px, no
sideways scrolling on a phone, and every picture drawn within the screen at nearly
its own size, next to its table."""

from decimal import Decimal

import pytest

from kivoucher.reporting.public import MIN_COMPANIES
from tests.browser.helpers import MOBILE, check_no_sideways_scrolling, page_checked
from tests.factories import ProgrammeFactory, make_call
from tests.reporting.factories import commit, company, grant

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def figures():
    programme = ProgrammeFactory()
    shown = {"BY": 9, "NW": 7, "SN": 6, "BE": MIN_COMPANIES}
    hidden = {"HE": 3, "HB": 1}  # drawn hatched, "not shown"
    n = 0
    for state, count in (shown | hidden).items():
        for _i in range(count):
            sector = "J62" if n % 3 else "C28"
            grant(programme, company(state, sector=sector), f"{5000 + 250 * n}.00", f"g{n}")
            n += 1
    call = make_call(programme=programme, budget=Decimal("2000000.00"))
    commit(call, "350000.00", "c1")
    return programme


def test_statistics_page_with_pictures(page, figures):
    page_checked(page, "/statistics/", "statistics")
    pictures = page.locator("main figure svg[role=img]")
    assert pictures.count() == 5
    page.set_viewport_size(MOBILE)
    check_no_sideways_scrolling(page, where="/statistics/")
    sizes = page.evaluate(
        """() => [...document.querySelectorAll("main figure svg")].map(svg => ({
            shown: svg.getBoundingClientRect().width,
            drawn: svg.viewBox.baseVal.width,
            right: svg.getBoundingClientRect().right,
            table: !!document.getElementById(
                svg.closest("figure").getAttribute("aria-describedby")),
        }))"""
    )
    screen = page.evaluate("() => document.documentElement.clientWidth")
    for size in sizes:
        assert size["right"] <= screen
        assert size["table"], "each picture names its table"
        # drawn at (nearly) its own size: text stays readable on the phone
        assert size["shown"] / size["drawn"] >= 0.8, size
    hatched = page.locator("main svg.map path[fill^='url(#']")
    assert hatched.count() == 2  # Hesse and Bremen
