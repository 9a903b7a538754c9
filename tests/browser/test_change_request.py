"""A change request in a real browser: the company asks on its voucher's page for a
longer validity, a caseworker reviews it, an approver (a second person) approves it,
and the company sees the new validity and downloads the change notice. Every page
is checked with axe-core."""

import re

import pytest

from kivoucher.applications.models import ChangeRequest, Voucher
from kivoucher.core.dates import add_months
from tests.applications.factories import make_world
from tests.browser.flows import page_for
from tests.browser.helpers import page_checked

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_company_asks_for_an_extension(browser, live_server):
    world = make_world()
    voucher = Voucher.objects.get(application=world.approved())
    url = f"/vouchers/{voucher.code}/"
    new_until = add_months(voucher.valid_until, 3)

    applicant = page_for(browser, live_server, world.applicant)
    page_checked(applicant, url, "line1-change-request")
    applicant.locator("#id_kind_0").check()  # the extension of the validity
    applicant.locator("#id_months").fill("3")
    applicant.locator("#id_reason").fill("Der Anbieter liefert die Trainingsdaten später.")
    applicant.locator(f"form[action$='/vouchers/{voucher.code}/changes/'] button").click()
    applicant.locator("#change-requests").get_by_text("AEA-").first.wait_for()
    page_checked(applicant, None)
    cr = ChangeRequest.objects.get(voucher=voucher)
    assert (cr.kind, cr.months, cr.status) == ("extension", 3, "submitted")

    caseworker = page_for(browser, live_server, world.caseworker)
    page_checked(caseworker, url)
    caseworker.locator("#id_note").fill("Verzug belegt, Verlängerung angemessen.")
    caseworker.locator(f"form[action$='/changes/{cr.pk}/review/'] button").click()
    caseworker.locator(f"form[action$='/changes/{cr.pk}/review/']").wait_for(state="detached")
    cr.refresh_from_db()
    assert cr.status == "reviewed"

    approver = page_for(browser, live_server, world.approver)
    page_checked(approver, url, "line1-change-decide")
    approver.locator("#id_approve_0").check()
    approver.locator(f"form[action$='/changes/{cr.pk}/decide/'] button").click()
    approver.locator("a[href$='notice.pdf']").wait_for()
    cr.refresh_from_db()
    assert cr.status == "approved"

    applicant.goto(live_server.url + url)
    page_checked(applicant, None)
    main = applicant.locator("main").inner_text()
    assert new_until.strftime("%d.%m.%Y") in main
    with applicant.expect_download() as info:
        applicant.locator(f"a[href$='/changes/{cr.pk}/notice.pdf']").click()
    download = info.value
    assert re.match(r"Aenderungsbescheid-AEA-\d+\.pdf", download.suggested_filename)
    with open(download.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    for page in (applicant, caseworker, approver):
        page.context.close()
