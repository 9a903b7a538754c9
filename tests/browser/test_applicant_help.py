"""The company's application page answers what people would call to ask: where the
application stands (a timeline with the current step marked), how long decisions in
the call have taken, and what each eligibility rule means (a disclosure the keyboard
opens). Checked with axe-core at 1280 and 375 px."""

from datetime import timedelta

import pytest
from django.utils import timezone

from kivoucher.applications import services
from kivoucher.applications.models import Application
from tests.applications.factories import make_world
from tests.browser.helpers import page_checked, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _decided_before(w, durations_in_days: list[int]) -> None:
    submitted = timezone.now() - timedelta(days=200)
    Application.objects.bulk_create(
        Application(
            programme=w.programme,
            call=w.call,
            organisation=w.company,
            title=f"Früherer Antrag {i}",
            status=Application.Status.APPROVED,
            submitted_at=submitted,
            decided_at=submitted + timedelta(days=d),
        )
        for i, d in enumerate(durations_in_days)
    )


def test_the_company_sees_where_its_application_stands(page):
    w = make_world()
    _decided_before(w, [5, 9, 12, 14, 30, 41])
    app = w.draft()
    # the rules of the draft, with their help, before it is submitted
    sign_in(page, w.applicant)
    page_checked(page, f"/applications/{app.pk}/")
    seat_help = page.locator("details.rule-help").first
    # the summary names its rule for screen readers ("What does this mean? (Seat ...)")
    assert seat_help.locator("summary").inner_text().startswith("Was bedeutet das?")
    assert seat_help.locator("summary .visually-hidden").inner_text() == "(Sitz in Deutschland)"
    assert not seat_help.evaluate("el => el.open")
    seat_help.locator("summary").focus()
    page.keyboard.press("Enter")
    assert seat_help.evaluate("el => el.open")
    assert seat_help.locator("p").is_visible()
    assert "Sitz in Deutschland" in seat_help.locator("p").inner_text()

    services.application_submit(actor=w.applicant, application=app)
    services.application_assign(actor=w.caseworker, application=app)
    page_checked(page, f"/applications/{app.pk}/", "application-timeline")
    timeline = page.get_by_role("list").filter(has_text="Antrag eingereicht").first
    steps = timeline.locator("li")
    assert steps.count() == 8
    current = timeline.locator('[aria-current="step"]')
    assert current.count() == 1
    assert "Prüfung durch den Projektträger" in current.inner_text()
    assert "aktueller Schritt" in current.inner_text()
    assert "ausstehend" in steps.nth(7).inner_text()
    assert page.get_by_text(
        "Bisher dauerte die Entscheidung im Median 13 Tage (aus 6 entschiedenen Anträgen)."
    ).is_visible()
    # the help of a submitted application's stored rules opens too
    details = page.locator("details.rule-help")
    assert details.count() == len(Application.objects.get(pk=app.pk).eligibility["rules"])
    details.last.locator("summary").click()
    assert details.last.locator("p").is_visible()
