"""Long downloads (the yearly report as PDF) show a status while the server works,
and the status goes away when the file has arrived."""

import pytest

from kivoucher.core.roles import Role
from tests.browser.flows import page_for
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_report_download_shows_progress_then_clears(browser, live_server):
    page = page_for(browser, live_server, UserFactory(role=Role.CASEWORKER))
    page.goto(f"{live_server.url}/reporting/")
    status = page.locator("#export-status")
    assert status.is_hidden()
    with page.expect_download() as download:
        page.get_by_role("link", name="(PDF)").click()
        status.wait_for(state="visible", timeout=5000)
    assert download.value.suggested_filename.endswith(".pdf")
    status.wait_for(state="hidden", timeout=10000)
    assert status.get_attribute("role") == "status"
