"""Long downloads (the yearly report as PDF) show a status while the server works,
and the status goes away when the file has arrived."""

import pytest

from kivoucher.core.roles import Role
from tests.browser.flows import page_for
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


# Records every change of the status's `hidden` attribute. Waiting for the status to be
# visible raced with the download: under load click() returned only once the answer
# had started, and the page could hide the status before the first check.
RECORD_STATUS_CHANGES = """() => {
  const status = document.getElementById("export-status");
  window.statusChanges = [];
  new MutationObserver(() => window.statusChanges.push(status.hidden ? "hidden" : "shown"))
    .observe(status, {attributes: true, attributeFilter: ["hidden"]});
}"""


def test_report_download_shows_progress_then_clears(browser, live_server):
    page = page_for(browser, live_server, UserFactory(role=Role.CASEWORKER))
    page.goto(f"{live_server.url}/reporting/")
    status = page.locator("#export-status")
    assert status.is_hidden()
    page.evaluate(RECORD_STATUS_CHANGES)
    with page.expect_download() as download:
        page.get_by_role("link", name="(PDF)").click()
    assert download.value.suggested_filename.endswith(".pdf")
    status.wait_for(state="hidden", timeout=10000)
    assert page.evaluate("window.statusChanges") == ["shown", "hidden"]
    assert status.get_attribute("role") == "status"
