"""At 375 px (a phone) no page may scroll sideways (WCAG 1.4.10 reflow, issue 21.26):
the signed-in pages with wide tables and calendars, filled with the demo data, checked
with `check_no_sideways_scrolling`. The public pages (also at 320 px, 400 % zoom) are
in test_public_reflow.py."""

import pytest

from kivoucher.core.management.commands.demo import load_demo
from kivoucher.organizations.models import Membership
from tests.browser.flows import page_for
from tests.browser.helpers import MOBILE, check_no_sideways_scrolling

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _narrow(page, path: str) -> None:
    page.set_viewport_size(MOBILE)
    response = page.goto(page.context.kivoucher_base_url + path)
    assert response is not None and response.status < 400, f"{path}: HTTP {response.status}"
    page.wait_for_load_state("load")
    check_no_sideways_scrolling(page, where=path)
    _check_statuses_unbroken(page, where=path)


def _check_statuses_unbroken(page, *, where: str) -> None:
    """A status or badge of one word stays on one line (the calendar's "bestätigt"
    broke letter by letter, one letter a line)."""
    broken = page.evaluate(
        """() => [...document.querySelectorAll("main .status, main .badge")]
            .filter(el => !el.textContent.trim().includes(" "))
            .filter(el => {
                const line = parseFloat(getComputedStyle(el).lineHeight);
                return el.getBoundingClientRect().height > 1.8 * line;
            })
            .slice(0, 5)
            .map(el => el.textContent.trim())"""
    )
    assert not broken, f"{where}: statuses broken over several lines at 375 px: {broken}"


def test_wide_pages_do_not_scroll_sideways_at_375_px(browser, live_server):
    demo = load_demo()
    company = Membership.objects.filter(user=demo["applicant"]).first().organisation
    offer = demo["presale_commissioned"]
    pages = [
        (demo["applicant"], f"/organisation/{company.pk}/"),
        (demo["buyer"], "/presale/my/"),
        (demo["admin"], f"/presale/{offer.code}/staff/"),
        (demo["admin"], "/reporting/"),
    ]
    failures = []
    for user, path in pages:
        page = page_for(browser, live_server, user)
        try:
            _narrow(page, path)
        except AssertionError as exc:
            failures.append(str(exc))
        finally:
            page.context.close()
    assert not failures, "\n".join(failures)
