"""Line I pages after issue 21: ties as a yes/no choice, the approver sees the review,
refusals shown before a form is offered, money and dates in German notation."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from kivoucher.applications.models import Application
from kivoucher.applications.services.review import CHECKLIST
from kivoucher.core.roles import Role
from kivoucher.core.uploads import upload_check
from kivoucher.organizations.services import ownership_link_set
from kivoucher.programmes.deminimis import aid_award_record
from kivoucher.projects.services import proof_submit
from tests.applications.factories import PDF_BYTES, make_world
from tests.factories import OrganisationFactory, member_of

pytestmark = pytest.mark.django_db


def _new_application_data(w, **fields) -> dict:
    today = timezone.localdate()
    return {
        "call": w.call.pk,
        "title": "Sichtprüfung mit KI",
        "description": "Ein Prototyp zur Erkennung von Fehlern auf Drehteilen im Werk.",
        "category": w.category.pk,
        "provider": w.provider.pk,
        "planned_costs": "40.000,00",
        "planned_start": (today + timedelta(days=30)).isoformat(),
        "planned_end": (today + timedelta(days=200)).isoformat(),
        "sme_declared": "on",
        "not_in_difficulty": "on",
        "de_minimis_declared": "on",
    } | fields


def test_business_ties_are_a_yes_or_no_answer_with_a_description_for_yes(client_for):
    w = make_world()
    web = client_for(w.applicant)
    page = web.get("/applications/new/").content.decode()
    assert 'name="has_ties"' in page
    # "no" with "Keine" in the box: no tie, and the application can be submitted
    saved = web.post(
        "/applications/new/", _new_application_data(w, has_ties="no", declared_ties="Keine")
    )
    assert saved.status_code == 302, saved.context["form"].errors
    app = Application.objects.get()
    assert app.declared_ties == ""
    assert web.post(f"/applications/{app.pk}/submit/", {}).status_code == 302
    app.refresh_from_db()
    assert app.status == Application.Status.SUBMITTED
    # "yes" needs the description
    missing = web.post("/applications/new/", _new_application_data(w, has_ties="yes"))
    assert missing.status_code == 200 and "declared_ties" in missing.context["form"].errors
    # no answer at all is no answer
    unanswered = web.post("/applications/new/", _new_application_data(w))
    assert "has_ties" in unanswered.context["form"].errors
    described = web.post(
        "/applications/new/",
        _new_application_data(w, has_ties="yes", declared_ties="Gemeinsamer Gesellschafter."),
    )
    assert described.status_code == 302
    tied = Application.objects.latest("pk")
    assert tied.declared_ties == "Gemeinsamer Gesellschafter."
    edit = web.get(f"/applications/{tied.pk}/edit/")
    assert edit.context["form"].initial["has_ties"] == "yes"


def test_the_approver_sees_the_review_checklist_score_and_comment(client_for):
    w = make_world()
    app = w.submitted()
    from kivoucher.applications import services

    services.application_review(
        actor=w.caseworker,
        application=app,
        checklist=dict.fromkeys(CHECKLIST, True) | {"provider_suitable": False},
        score=35,
        recommendation="reject",
        comment="Anbieter ohne Referenzen in der Bildverarbeitung.",
    )
    page = client_for(w.approver).get(f"/applications/{app.pk}/decide/")
    [review] = page.context["reviews"]
    assert [(a.code, a.satisfied) for a in review.answers] == [
        (code, code != "provider_suitable") for code in CHECKLIST
    ]
    html = page.content.decode()
    assert "Anbieter ohne Referenzen in der Bildverarbeitung." in html and "35" in html
    assert "Dienstleister für das Vorhaben geeignet" in html  # the item's label (German)
    assert 'name="decision"' in html


def test_who_may_not_decide_is_told_why_instead_of_getting_the_form(client_for):
    w = make_world()
    app = w.reviewed()
    colleague = member_of(w.company, role=Role.APPROVER)
    for user, reason in ((w.caseworker, "Nur Bewilligende"), (colleague, "eigenen Organisation")):
        web = client_for(user)
        page = web.get(f"/applications/{app.pk}/decide/")
        html = page.content.decode()
        assert page.context["refusal"] and reason in html, html
        assert 'name="decision"' not in html
        detail = web.get(f"/applications/{app.pk}/").content.decode()
        assert f"/applications/{app.pk}/decide/" not in detail and reason in detail
        posted = web.post(f"/applications/{app.pk}/decide/", {"decision": "approve"})
        assert posted.status_code == 403
    app.refresh_from_db()
    assert app.status == Application.Status.REVIEWED
    detail = client_for(w.approver).get(f"/applications/{app.pk}/").content.decode()
    assert f"/applications/{app.pk}/decide/" in detail


def test_the_decide_page_shows_money_and_dates_in_german(client_for):
    w = make_world()
    app = w.reviewed()
    parent = OrganisationFactory(name="Mutter Holding GmbH")
    ownership_link_set(
        actor=None, owner=parent, owned=w.company, share_percent=Decimal("100"), controls=True
    )
    granted = timezone.localdate() - timedelta(days=400)
    aid_award_record(
        actor=None,
        programme=w.programme,
        organisation=parent,
        reference="other-line:1",
        amount=Decimal("12400.00"),
        granted_on=granted,
    )
    html = client_for(w.approver).get(f"/applications/{app.pk}/decide/").content.decode()
    assert "12.400,00" in html and "12400.00" not in html
    assert granted.strftime("%d.%m.%Y") in html and granted.isoformat() not in html


def test_a_second_proof_of_use_is_not_offered(client_for):
    w = make_world()
    voucher = w.approved().voucher
    web = client_for(w.applicant)
    page = web.get(f"/vouchers/{voucher.code}/").content.decode()
    assert f"/vouchers/{voucher.code}/proof/" in page
    proof_submit(
        actor=w.applicant,
        voucher=voucher,
        invoice=upload_check(PDF_BYTES, name="r.pdf"),
        report="Projekt abgeschlossen, Ergebnis im Einsatz.",
        amounts={"invoice_number": "R-1", "net": "20000.00", "vat": "0.00", "gross": "20000.00"},
    )
    reason = "bereits ein Verwendungsnachweis eingereicht"
    page = web.get(f"/vouchers/{voucher.code}/").content.decode()
    assert f"/vouchers/{voucher.code}/proof/" not in page and reason in page
    form_page = web.get(f"/vouchers/{voucher.code}/proof/")
    html = form_page.content.decode()
    assert reason in html and 'name="invoice"' not in html
    assert form_page.context["refusal"]
    # staff see no offer at all, nor a refusal that is none of their business
    staff = client_for(w.caseworker).get(f"/vouchers/{voucher.code}/").content.decode()
    assert f"/vouchers/{voucher.code}/proof/" not in staff and reason not in staff


def test_an_expired_voucher_offers_no_proof_of_use(client_for):
    w = make_world()
    voucher = w.approved().voucher
    voucher.valid_until = timezone.localdate() - timedelta(days=1)
    voucher.save(update_fields=["valid_until"])
    page = client_for(w.applicant).get(f"/vouchers/{voucher.code}/").content.decode()
    assert f"/vouchers/{voucher.code}/proof/" not in page and "abgelaufen" in page
