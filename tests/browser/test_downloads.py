"""Long downloads (the tables as XLSX) show a status while the server works, and the
status goes away when the file has arrived. The yearly report as PDF is a task: the
page shows its progress and then a link to the file (kivoucher.reporting.tasks)."""

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


def test_export_download_shows_progress_then_clears(browser, live_server):
    page = page_for(browser, live_server, UserFactory(role=Role.CASEWORKER))
    page.goto(f"{live_server.url}/reporting/")
    status = page.locator("#export-status")
    assert status.is_hidden()
    page.evaluate(RECORD_STATUS_CHANGES)
    with page.expect_download() as download:
        page.get_by_role("link", name="Alle Tabellen als XLSX").click()
    assert download.value.suggested_filename.endswith(".xlsx")
    status.wait_for(state="hidden", timeout=10000)
    assert page.evaluate("window.statusChanges") == ["shown", "hidden"]
    assert status.get_attribute("role") == "status"


def test_the_report_task_shows_its_progress_then_the_link(browser, live_server):
    page = page_for(browser, live_server, UserFactory(role=Role.CASEWORKER))
    page.goto(f"{live_server.url}/reporting/")
    page.get_by_role("button", name="(PDF)").click()
    link = page.locator("#report-status a")
    link.wait_for(timeout=30000)
    assert page.locator("#report-status").get_attribute("role") == "status"
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename.endswith(".pdf")
