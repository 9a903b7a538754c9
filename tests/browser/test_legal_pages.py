"""The legal and information pages in a real browser, each reached from the footer
and checked with axe-core at 1280 and 375 px (helpers.page_checked): Impressum,
privacy notice, accessibility statement, Easy Read and German Sign Language."""

import pytest

from kivoucher.publicpages.demo import DEMO_DETAILS
from kivoucher.publicpages.models import SINGLETON_ID, LegalDetails
from tests.browser.helpers import page_checked

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def details():
    return LegalDetails.objects.create(pk=SINGLETON_ID, **DEMO_DETAILS)


def _from_footer(page, path: str) -> None:
    page.locator(f'footer nav a[href="{path}"]').click()
    page.wait_for_url(f"**{path}")


def test_impressum_and_privacy_notice_from_the_footer(page, details):
    page_checked(page, "/")
    _from_footer(page, "/impressum/")
    page_checked(page, None, "impressum")
    assert DEMO_DETAILS["operator_name"] in page.locator("main").inner_text()
    _from_footer(page, "/datenschutz/")
    page_checked(page, None, "datenschutz")
    assert DEMO_DETAILS["dp_authority_name"] in page.locator("main").inner_text()


def test_accessibility_statement_lists_the_checked_pages_on_request(page, details):
    page_checked(page, "/")
    _from_footer(page, "/barrierefreiheit/")
    page_checked(page, None, "barrierefreiheit")
    listed = page.locator("main details li").first
    assert not listed.is_visible()
    # the list of checked pages opens with the keyboard
    page.locator("main details summary").focus()
    page.keyboard.press("Enter")
    assert listed.is_visible()
    assert page.locator("main a[href='/barrierefreiheit/feedback/']").count() == 1


def test_easy_read_and_sign_language_pages(page, details):
    page_checked(page, "/")
    _from_footer(page, "/leichte-sprache/")
    page_checked(page, None, "leichte-sprache")
    assert page.locator("main h2").count() >= 4
    page.locator("main a[href='/gebaerdensprache/']").click()
    page.wait_for_url("**/gebaerdensprache/")
    page_checked(page, None, "gebaerdensprache")
    assert page.locator("main [role=status]").is_visible()
