import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from kivoucher.core.errors import Conflict, PermissionDenied
from kivoucher.core.roles import Role
from kivoucher.core.uploads import upload_check
from kivoucher.organizations.models import Organisation
from kivoucher.providers.models import Accreditation, AccreditationCriterion
from kivoucher.providers.services import accreditation_revoke, accreditations_expire
from tests.applications.factories import PDF_BYTES, PNG_BYTES, make_world
from tests.factories import (
    OrganisationFactory,
    ProgrammeFactory,
    ProjectCategoryFactory,
    UserFactory,
    member_of,
)

pytestmark = pytest.mark.django_db


def _setup():
    programme = ProgrammeFactory()
    ProjectCategoryFactory(programme=programme, code="vision")
    for i, text in enumerate(["KI-Kompetenz", "Referenzen"]):
        AccreditationCriterion.objects.create(programme=programme, code=f"c{i}", text=text)
    provider = OrganisationFactory(kind=Organisation.Kind.PROVIDER, federal_state="SN")
    return programme, provider, member_of(provider, role=Role.PROVIDER)


def _file(content, name):
    f = io.BytesIO(content)
    f.name = name
    return f


def test_apply_decide_directory_revoke_through_http(api_client_for, client_for, client):
    programme, provider, user = _setup()
    admin = UserFactory(role=Role.PROGRAMME_ADMIN)
    response = api_client_for(user).post(
        "/api/v1/providers/accreditations",
        {
            "programme": programme.code,
            "description": "Bildverarbeitung für die Industrie.",
            "competences": "vision,ml",
            "categories": "vision",
            "answers": '{"c0": true, "c1": true}',
            "evidence": [_file(PDF_BYTES, "referenzen.pdf"), _file(PNG_BYTES, "team.png")],
        },
    )
    assert response.status_code == 201, response.content
    acc_id = response.json()["id"]
    assert response.json()["evidence"] == ["referenzen.pdf", "team.png"]
    # a second application while one is open is refused
    again = api_client_for(user).post(
        "/api/v1/providers/accreditations",
        {
            "programme": programme.code,
            "description": "x",
            "competences": "ml",
            "evidence": [_file(PDF_BYTES, "r.pdf")],
        },
    )
    assert again.status_code == 409
    # a provider cannot decide its own accreditation
    own = api_client_for(user).post(
        f"/api/v1/providers/accreditations/{acc_id}/decision",
        {"approve": True},
        content_type="application/json",
    )
    assert own.status_code == 403
    # the evidence is served to staff and the provider, not to others
    acc = Accreditation.objects.get(pk=acc_id)
    ev = acc.evidence.first()
    url = f"/providers/accreditations/{acc_id}/evidence/{ev.pk}"
    assert client_for(admin).get(url).status_code == 200
    assert client_for(UserFactory()).get(url).status_code == 404
    assert client.get("/providers/").context["entries"].__len__() == 0
    # the admin accredits through the web UI with an annual cap
    page = client_for(admin).post(
        f"/providers/accreditations/{acc_id}/",
        {"decision": "approve", "annual_cap": "120.000,00", "reason": "erfüllt"},
    )
    assert page.status_code == 302
    acc.refresh_from_db()
    assert acc.status == "accredited" and acc.annual_cap == Decimal("120000.00")
    assert acc.valid_until > timezone.localdate() + timedelta(days=700)
    # the public directory finds it by state, competence and category
    for query, found in [
        ("federal_state=SN", 1),
        ("federal_state=BY", 0),
        ("competence=vision", 1),
        ("competence=nlp", 0),
        ("category=vision", 1),
        ("q=" + provider.name[:6], 1),
    ]:
        assert len(client.get(f"/providers/?{query}").context["entries"]) == found, query
    api = client.get("/api/v1/providers?competence=vision").json()
    assert [e["name"] for e in api] == [provider.name]
    assert client.get(f"/providers/{acc_id}/").status_code == 200
    # revoked: out of the directory
    revoked = api_client_for(admin).post(
        f"/api/v1/providers/accreditations/{acc_id}/revoke",
        {"reason": "Referenzen unzutreffend"},
        content_type="application/json",
    )
    assert revoked.json()["status"] == "revoked"
    assert client.get("/api/v1/providers").json() == []


def test_unmet_criteria_cannot_be_accredited(api_client_for):
    programme, provider, user = _setup()
    admin = UserFactory(role=Role.PROGRAMME_ADMIN)
    created = api_client_for(user).post(
        "/api/v1/providers/accreditations",
        {
            "programme": programme.code,
            "description": "x",
            "competences": "ml",
            "answers": '{"c0": true, "c1": false}',
            "evidence": [_file(PDF_BYTES, "r.pdf")],
        },
    )
    decided = api_client_for(admin).post(
        f"/api/v1/providers/accreditations/{created.json()['id']}/decision",
        {"approve": True},
        content_type="application/json",
    )
    assert decided.status_code == 409 and decided.json()["code"] == "criteria_not_met"


def test_fake_pdf_evidence_is_refused_and_nothing_saved(api_client_for):
    programme, provider, user = _setup()
    response = api_client_for(user).post(
        "/api/v1/providers/accreditations",
        {
            "programme": programme.code,
            "description": "x",
            "competences": "ml",
            "evidence": [_file(b"<html>hello</html>", "nachweis.pdf")],
        },
    )
    assert response.status_code == 400 and response.json()["code"] == "invalid_file"
    assert not Accreditation.objects.exists()


def test_expiry_and_revocation_block_approval():
    w = make_world()
    acc = Accreditation.objects.get(organisation=w.provider)
    app = w.reviewed()
    Accreditation.objects.filter(pk=acc.pk).update(
        valid_until=timezone.localdate() - timedelta(days=1)
    )
    assert accreditations_expire() == 1
    from kivoucher.applications import services

    with pytest.raises(Conflict) as exc:
        services.application_decide(actor=w.approver, application=app, approve=True)
    assert exc.value.code == "provider_not_accredited"


def test_only_admins_revoke():
    w = make_world()
    acc = Accreditation.objects.get(organisation=w.provider)
    with pytest.raises(PermissionDenied):
        accreditation_revoke(actor=w.caseworker, accreditation=acc, reason="x")


def test_provider_annual_cap_is_enforced():
    w = make_world()
    Accreditation.objects.filter(organisation=w.provider).update(annual_cap=Decimal("50000"))
    w.approved()  # 32,000
    app = w.reviewed()
    from kivoucher.applications import services

    with pytest.raises(Conflict) as exc:
        services.application_decide(actor=w.approver, application=app, approve=True)
    assert exc.value.code == "provider_cap_exceeded"


def test_reminder_before_the_accreditation_ends(django_capture_on_commit_callbacks):
    from django.core import mail

    from kivoucher.providers.services import accreditations_remind

    w = make_world()
    Accreditation.objects.filter(organisation=w.provider).update(
        valid_until=timezone.localdate() + timedelta(days=20)
    )
    w.provider_user.email = "team@neuroforge.example"
    w.provider_user.save()
    with django_capture_on_commit_callbacks(execute=True):
        assert accreditations_remind() == 1
        assert accreditations_remind() == 0  # once
    assert mail.outbox[0].to == ["team@neuroforge.example"]


def test_renewal_in_the_last_months_only(api_client_for):
    from kivoucher.providers.services import accreditation_apply

    w = make_world()

    def renew():
        return accreditation_apply(
            actor=w.provider_user,
            organisation=w.provider,
            programme=w.programme,
            answers={"crit-0": True, "crit-1": True},
            competences=["ml"],
            categories=[],
            description="Verlängerung",
            evidence=[upload_check(PDF_BYTES, name="r.pdf")],
        )

    with pytest.raises(Conflict):
        renew()
    Accreditation.objects.filter(organisation=w.provider).update(
        valid_until=timezone.localdate() + timedelta(days=30)
    )
    assert renew().status == "submitted"


def test_a_website_without_scheme_is_taken_as_https():
    from kivoucher.providers.forms import AccreditationForm

    field = AccreditationForm.base_fields["website"]
    assert field.clean("ki-werkstatt.example") == "https://ki-werkstatt.example"


def test_accreditation_status_changes_go_through_the_workflow_kernel():
    from kivoucher.core.audit import audit_history
    from kivoucher.providers.services import accreditation_decide

    w = make_world()
    acc = Accreditation.objects.get(organisation=w.provider)
    accreditation_revoke(actor=w.admin, accreditation=acc, reason="Referenzen gefälscht")
    assert [(e.action, e.new_state) for e in audit_history(acc)][1:] == [
        ("providers.accreditation.accredited", "accredited"),
        ("providers.accreditation.revoked", "revoked"),
    ]
    with pytest.raises(Conflict) as exc:  # revoked is final
        accreditation_decide(actor=w.admin, accreditation=acc, approve=True, reason="doch")
    assert exc.value.code == "invalid_transition"


def test_a_superuser_lists_accreditations_and_may_decide_them(client_for):
    # The list page asked `is_programme_staff` and forgot superusers (404), and the
    # decision form was shown by role name only, though the service lets superusers decide.
    w = make_world()
    acc = Accreditation.objects.get(organisation=w.provider)
    root = UserFactory(role=Role.APPLICANT, is_staff=True, is_superuser=True)
    client = client_for(root)
    assert client.get("/providers/accreditations/?status=accredited").status_code == 200
    page = client.get(f"/providers/accreditations/{acc.pk}/")
    assert page.context["may_decide"] is True
    auditor = UserFactory(role=Role.AUDITOR, is_superuser=True)
    assert (
        client_for(auditor).get(f"/providers/accreditations/{acc.pk}/").context["may_decide"]
        is False
    )
