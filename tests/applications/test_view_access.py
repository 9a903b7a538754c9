"""Regressions found by the authorisation matrix (tests/security/test_matrix.py)."""

from decimal import Decimal

import pytest

from kivoucher.applications.models import Application
from kivoucher.core.roles import Role
from tests.applications.factories import make_world
from tests.factories import UserFactory, member_of

pytestmark = pytest.mark.django_db


def test_selection_page_refusal_of_a_ranking_run_is_shown_not_a_server_error(client_for):
    # A ranking run refused by the service used to crash the page (the unbound
    # lottery form cannot take an error): now the refusal is a message.
    w = make_world()
    client = client_for(w.caseworker)  # only the programme admin runs a selection
    response = client.post(f"/calls/{w.call.pk}/selection/", {})
    assert response.status_code == 200
    assert [m.level_tag for m in response.context["messages"]] == ["error"]


@pytest.mark.parametrize("page", ["review", "decide", "request-info"])
def test_the_auditor_reads_applications_but_gets_no_action_forms(client_for, page):
    w = make_world()
    app = w.submitted()
    auditor = client_for(UserFactory(role=Role.AUDITOR))
    assert auditor.get(f"/applications/{app.pk}/").status_code == 200
    assert auditor.get(f"/applications/{app.pk}/{page}/").status_code == 404
    assert auditor.post(f"/applications/{app.pk}/{page}/", {}).status_code == 404
    assert auditor.post(f"/calls/{w.call.pk}/selection/", {}).status_code == 404


def test_staff_actions_are_refused_to_the_applicant_before_the_service(client_for):
    w = make_world()
    app = w.submitted()
    response = client_for(w.applicant).post(f"/applications/{app.pk}/assign/")
    assert response.status_code == 404
    app.refresh_from_db()
    assert app.assigned_to is None


@pytest.mark.parametrize("action", ["withdraw", "aid"])
def test_applicant_actions_are_refused_to_staff_and_buyers(client_for, action):
    w = make_world()
    app = w.submitted()
    buyer = member_of(w.company, role=Role.BUYER)
    for user in (w.caseworker, buyer):
        response = client_for(user).post(f"/applications/{app.pk}/{action}/", {})
        assert response.status_code == 403
    app.refresh_from_db()
    assert app.status == Application.Status.SUBMITTED


def test_only_applicants_open_the_new_application_form(client_for):
    w = make_world()
    assert client_for(w.applicant).get("/applications/new/").status_code == 200
    for role in (Role.CASEWORKER, Role.AUDITOR, Role.PROVIDER, Role.DC_OPERATOR):
        assert client_for(UserFactory(role=role)).get("/applications/new/").status_code == 404


def test_proof_of_use_form_is_for_the_voucher_holder_only(client_for):
    w = make_world()
    voucher = w.approved().voucher
    assert client_for(w.applicant).get(f"/vouchers/{voucher.code}/proof/").status_code == 200
    for user in (w.caseworker, UserFactory(role=Role.AUDITOR)):
        assert client_for(user).get(f"/vouchers/{voucher.code}/proof/").status_code == 404
        assert client_for(user).get(f"/vouchers/{voucher.code}/").status_code == 200


def test_accreditation_form_is_for_providers_and_companies(client_for):
    w = make_world()
    assert client_for(w.provider_user).get("/providers/accreditation/").status_code == 200
    for role in (Role.CASEWORKER, Role.AUDITOR):
        assert (
            client_for(UserFactory(role=role)).get("/providers/accreditation/").status_code == 404
        )


def test_a_superuser_reads_the_queue_like_staff(client_for, api_client_for):
    # The queue page and API asked `is_programme_staff` and forgot superusers, who see
    # every application (applications_for_user): they got 404 / 403.
    w = make_world()
    app = w.submitted()
    root = UserFactory(role=Role.APPLICANT, is_staff=True, is_superuser=True)
    page = client_for(root).get("/applications/queue/")
    assert page.status_code == 200
    assert app.title in page.content.decode()
    assert client_for(root).get("/applications/").status_code == 302  # sent to the queue
    api = api_client_for(root).get("/api/v1/applications/queue")
    assert api.status_code == 200
    assert [row["id"] for row in api.json()] == [app.pk]


def test_the_voucher_page_shows_its_payouts(client_for):
    from kivoucher.core.uploads import upload_check
    from kivoucher.projects.services import proof_check, proof_submit
    from tests.applications.factories import PDF_BYTES

    w = make_world()
    voucher = w.approved().voucher
    proof = proof_submit(
        actor=w.applicant,
        voucher=voucher,
        invoice=upload_check(PDF_BYTES, name="r.pdf"),
        report="Projekt abgeschlossen, Ergebnis im Einsatz.",
        amounts={"invoice_number": "R-1", "net": "20000.00", "vat": "0.00", "gross": "20000.00"},
    )
    proof_check(actor=w.caseworker, proof=proof, accept=True)
    response = client_for(w.applicant).get(f"/vouchers/{voucher.code}/")
    assert response.status_code == 200
    assert [p.amount for p in response.context["payouts"]] == [Decimal("16000.00")]
