"""Line I (project voucher) in a real browser, by its real roles and forms: the
company fills in the application with the keyboard alone (after a failed first
try whose errors are announced and linked to the fields), submits it; a
caseworker takes it over and reviews it; an approver (a second person) decides;
the company sees its voucher and downloads the certificate. Every page is
checked with axe-core; key pages are photographed at 375 px and desktop width."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from kivoucher.applications.models import Application
from tests.applications.factories import make_world
from tests.browser.flows import active, date_order, focused_id, page_for, tab_to, type_date
from tests.browser.helpers import page_checked

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _apply_with_keyboard(page, *, world):
    """Fill the whole application form with Tab, typing, arrow keys and Space."""
    today = timezone.localdate()
    start, end = today + timedelta(days=30), today + timedelta(days=200)
    order = date_order(page)
    page.goto(page.context.kivoucher_base_url + "/applications/new/")
    tab_to(page, "el.id === 'id_call'")
    page.keyboard.press("ArrowDown")  # the only open call
    page.keyboard.press("Tab")
    assert focused_id(page) == "id_title"
    page.keyboard.type("Sichtprüfung von Drehteilen mit KI")
    page.keyboard.press("Tab")
    assert focused_id(page) == "id_description"
    page.keyboard.type("Wir bauen mit NeuroForge einen Prototyp zur Sichtprüfung.")
    page.keyboard.press("Tab")
    assert focused_id(page) == "id_category"
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Tab")
    assert focused_id(page) == "id_provider"
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Tab")
    assert focused_id(page) == "id_planned_costs"
    page.keyboard.type("40.000,00")
    page.keyboard.press("Tab")
    assert focused_id(page) == "id_planned_start"
    type_date(page, start, order)
    tab_to(page, "el.id === 'id_planned_end'", limit=4)
    type_date(page, end, order)
    for name in ("sme_declared", "not_in_difficulty", "de_minimis_declared"):
        tab_to(page, f"el.id === 'id_{name}'", limit=4)
        page.keyboard.press("Space")
        assert active(page, "el.checked")
    tab_to(page, "el.id === 'id_has_ties_0'", limit=4)  # ties with the provider: no
    page.keyboard.press("Space")
    assert active(page, "el.checked && el.value === 'no'")
    tab_to(page, "el.type === 'submit' && el.closest('main') !== null", limit=4)
    values = page.evaluate(
        "Object.fromEntries([...new FormData(document.querySelector('main form'))])"
    )
    assert values["planned_start"] == start.isoformat(), values
    assert values["planned_end"] == end.isoformat(), values
    assert values["category"] == str(world.category.pk)
    assert values["provider"] == str(world.provider.pk)
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: url.rstrip("/").split("/")[-1].isdigit())


def test_line1_apply_review_decide_certificate(browser, live_server):
    world = make_world()
    applicant = page_for(browser, live_server, world.applicant)

    # A first try without anything: the errors are announced and lead to the fields.
    page_checked(applicant, "/applications/new/", "line1-application-form")
    tab_to(applicant, "el.type === 'submit' && el.closest('main') !== null")
    applicant.keyboard.press("Enter")
    applicant.wait_for_function("() => document.activeElement.classList.contains('error-summary')")
    summary = applicant.get_by_role("alert")
    page_checked(applicant, None, "line1-application-errors")
    for field in ("id_call", "id_title"):
        assert summary.locator(f'a[href="#{field}"]').count() == 1
        box = applicant.locator(f"#{field}")
        assert box.get_attribute("aria-invalid") == "true"
        assert f"{field}_error" in box.get_attribute("aria-describedby").split()
        assert applicant.locator(f"#{field}_error").inner_text().strip()
    tab_to(applicant, "el.getAttribute('href') === '#id_title'", limit=5)
    applicant.keyboard.press("Enter")
    assert focused_id(applicant) == "id_title"

    # The whole form with the keyboard alone.
    _apply_with_keyboard(applicant, world=world)
    app = Application.objects.get(organisation=world.company)
    assert app.title == "Sichtprüfung von Drehteilen mit KI"
    assert str(app.planned_costs) == "40000.00"
    page_checked(applicant, None, "line1-application-draft")
    applicant.get_by_role("button", name="Antrag einreichen").click()
    applicant.get_by_text("Ihr Antrag ist eingereicht").wait_for()
    page_checked(applicant, None)
    app.refresh_from_db()
    assert app.status == Application.Status.SUBMITTED

    # The caseworker finds it in the queue, takes it over and reviews it.
    caseworker = page_for(browser, live_server, world.caseworker)
    page_checked(caseworker, "/applications/queue/", "line1-queue")
    caseworker.get_by_role("link", name=app.reference).first.click()
    page_checked(caseworker, None)
    caseworker.get_by_role("button", name="Prüfung übernehmen").click()
    caseworker.get_by_role("link", name="Prüfen", exact=True).click()
    page_checked(caseworker, None, "line1-review")
    caseworker.get_by_label("Punktzahl").fill("85")
    caseworker.get_by_label("Empfehlung").select_option("approve")
    for box in caseworker.locator("main input[type=checkbox]").all():
        box.check()
    caseworker.get_by_label("Kommentar").fill("Plausibel, innovativ, Anbieter geeignet.")
    caseworker.locator("main form button.primary").click()
    caseworker.wait_for_url(f"**/applications/{app.pk}/")
    page_checked(caseworker, None)
    app.refresh_from_db()
    assert app.status == Application.Status.REVIEWED

    # The approver, a second person, decides.
    approver = page_for(browser, live_server, world.approver)
    page_checked(approver, f"/applications/{app.pk}/")
    approver.get_by_role("link", name="Entscheiden").click()
    page_checked(approver, None, "line1-decide")
    # Without a choice: the error leads to the first option of the radio group.
    approver.get_by_role("button", name="Entscheidung speichern").click()
    link = approver.get_by_role("alert").locator('a[href="#id_decision_0"]')
    link.wait_for()
    group = approver.get_by_role("group", name="Entscheidung")
    assert "id_decision_error" in group.get_attribute("aria-describedby").split()
    page_checked(approver, None)
    link.click()
    assert focused_id(approver) == "id_decision_0"
    approver.get_by_label("bewilligen").check()
    approver.get_by_role("button", name="Entscheidung speichern").click()
    # (the browser keeps the #fragment of the error link through the redirect)
    approver.wait_for_url(re.compile(rf"/applications/{app.pk}/(#.*)?$"))
    page_checked(approver, None)
    app.refresh_from_db()
    assert app.status == Application.Status.APPROVED
    voucher = app.voucher

    # The company sees its voucher and downloads the certificate.
    page_checked(applicant, "/vouchers/", "line1-vouchers")
    applicant.get_by_role("link", name=voucher.code).click()
    page_checked(applicant, None, "line1-voucher")
    amount = f"{voucher.amount:,.2f}".replace(",", "X").replace(".", ",").replace("X", ".")
    assert amount in applicant.locator("main").inner_text()
    with applicant.expect_download() as info:
        applicant.get_by_role("link", name="Urkunde (PDF)").click()
    download = info.value
    assert download.suggested_filename == f"Voucher-{voucher.code}.pdf"
    with open(download.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    for page in (applicant, caseworker, approver):
        page.context.close()
