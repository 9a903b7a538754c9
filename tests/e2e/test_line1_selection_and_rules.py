"""Line I through HTTP: lottery, four-eyes on every path, de-minimis, budget under load."""

import threading
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone

from kivoucher.applications import services
from kivoucher.applications.models import Application
from kivoucher.applications.services.review import CHECKLIST
from kivoucher.core.errors import PermissionDenied
from kivoucher.core.models import AuditEvent
from kivoucher.organizations.services import ownership_link_set
from kivoucher.programmes.deminimis import aid_award_record
from kivoucher.programmes.models import Call
from kivoucher.programmes.selectors import call_budget_figures
from kivoucher.providers.services import accreditation_revoke
from tests.applications.factories import make_world
from tests.e2e.openapi_check import CheckedApi
from tests.factories import OrganisationFactory

API = "/api/v1/applications"


@pytest.mark.django_db
def test_lottery_call_is_seeded_reproducible_and_audited(api_client_for):
    w = make_world(budget=Decimal("100000"), selection=Call.Selection.LOTTERY)
    apps = [w.submitted(planned_costs=Decimal("40000")) for _ in range(5)]  # 32,000 each
    now = timezone.now()
    response = CheckedApi(api_client_for(w.admin)).post(
        f"{API}/calls/{w.call.pk}/lottery",
        {
            "period_start": (now - timedelta(days=1)).isoformat(),
            "period_end": (now + timedelta(minutes=1)).isoformat(),
            "seed": "dezember-2026",
        },
    )
    assert response.status_code == 200, response.content
    draw = response.json()
    ids = sorted(a.pk for a in apps)
    assert draw["candidates"] == ids
    assert draw["order"] == services.lottery_order("dezember-2026", ids)
    assert draw["selected"] == draw["order"][:3]  # 3 x 32,000 fit into 100,000
    event = AuditEvent.objects.get(action="call.lottery_draw")
    assert event.data["seed"] == "dezember-2026" and event.data["order"] == draw["order"]
    losers = Application.objects.filter(pk__in=draw["order"][3:])
    assert {a.status for a in losers} == {Application.Status.REJECTED}
    # Only drawn applications can be approved
    winner = Application.objects.get(pk=draw["selected"][0])
    caseworker = CheckedApi(api_client_for(w.caseworker))
    approver = CheckedApi(api_client_for(w.approver))
    caseworker.post(
        f"{API}/{winner.pk}/review",
        {"checklist": dict.fromkeys(CHECKLIST, True), "score": 70, "recommendation": "approve"},
    )
    ok = approver.post(f"{API}/{winner.pk}/decision", {"approve": True})
    assert ok.json()["status"] == "approved"
    # A late application, not drawn, cannot be approved
    late = w.reviewed()
    refused = approver.post(f"{API}/{late.pk}/decision", {"approve": True})
    assert refused.status_code == 409 and refused.json()["code"] == "not_selected"


@pytest.mark.django_db
def test_ranking_call_selects_by_score(api_client_for):
    w = make_world(budget=Decimal("64000"), selection=Call.Selection.RANKING)
    low, high, mid = w.reviewed(score=40), w.reviewed(score=90), w.reviewed(score=60)
    response = CheckedApi(api_client_for(w.admin)).post(f"{API}/calls/{w.call.pk}/ranking")
    assert response.json()["selected"] == [high.pk, mid.pk]
    low.refresh_from_db()
    assert low.status == Application.Status.REJECTED


@pytest.mark.django_db
def test_four_eyes_on_every_path(api_client_for, client_for):
    """A programme admin reviews; the same person may not decide by UI, API, admin or console."""
    w = make_world()
    app = w.submitted()
    services.application_review(
        actor=w.admin,
        application=app,
        checklist=dict.fromkeys(CHECKLIST, True),
        score=75,
        recommendation="approve",
    )
    # API
    api = CheckedApi(api_client_for(w.admin)).post(f"{API}/{app.pk}/decision", {"approve": True})
    assert api.status_code == 403 and api.json()["code"] == "four_eyes"
    # Web UI
    web = client_for(w.admin).post(f"/applications/{app.pk}/decide/", {"decision": "approve"})
    assert web.status_code == 403  # the page told why before; no form was offered
    assert "Vier-Augen" in web.content.decode() or "Four-eyes" in web.content.decode()
    # Django admin: applications are read-only there
    w.admin.is_staff = w.admin.is_superuser = True
    w.admin.save()
    admin = client_for(w.admin).post(
        f"/admin/applications/application/{app.pk}/change/", {"status": "approved"}
    )
    assert admin.status_code == 403
    # Console (`kivoucher shell`): the service itself refuses
    with pytest.raises(PermissionDenied):
        services.application_decide(actor=w.admin, application=app, approve=True)
    # also a rejection
    with pytest.raises(PermissionDenied):
        services.application_decide(actor=w.admin, application=app, approve=False, reason="x")
    app.refresh_from_db()
    assert app.status == Application.Status.REVIEWED and app.granted_amount is None
    assert call_budget_figures(call=w.call)["committed"] == Decimal("0")
    # the second person may
    services.application_decide(actor=w.approver, application=app, approve=True)


@pytest.mark.django_db
def test_de_minimis_ceiling_exceeded_at_decision(api_client_for, client_for):
    w = make_world()
    app = w.reviewed()  # 32,000 requested
    # The parent company (linked: the single undertaking) got 280,000 in the meantime.
    parent = OrganisationFactory(name="Mutter Holding GmbH")
    ownership_link_set(
        actor=None, owner=parent, owned=w.company, share_percent=Decimal("100"), controls=True
    )
    aid_award_record(
        actor=None,
        programme=w.programme,
        organisation=parent,
        reference="other-line:1",
        amount=Decimal("280000"),
        granted_on=timezone.localdate() - timedelta(days=400),
    )
    page = client_for(w.approver).get(f"/applications/{app.pk}/decide/")
    assert "280.000,00" in page.content.decode() and "Mutter Holding GmbH" in page.content.decode()
    refused = CheckedApi(api_client_for(w.approver)).post(
        f"{API}/{app.pk}/decision", {"approve": True}
    )
    assert refused.status_code == 409 and refused.json()["code"] == "de_minimis_exceeded"
    assert "300.000,00" in refused.json()["message"]
    app.refresh_from_db()
    assert app.status == Application.Status.REVIEWED
    assert call_budget_figures(call=w.call)["committed"] == Decimal("0")  # nothing half saved


@pytest.mark.django_db
def test_provider_linked_to_applicant_is_refused(api_client_for):
    w = make_world()
    from kivoucher.organizations.services import director_add

    director_add(actor=None, organisation=w.company, name="Eva Schmidt")
    director_add(actor=None, organisation=w.provider, name="Eva Schmidt")
    app = w.draft()
    check = CheckedApi(api_client_for(w.applicant)).get(f"{API}/{app.pk}/eligibility").json()
    rule = next(r for r in check["rules"] if r["code"] == "provider_independent")
    assert rule["passed"] is False and rule["figures"]["reasons"] == ["shared_director"]


@pytest.mark.django_db
def test_unaccredited_provider_cannot_be_chosen(api_client_for):
    w = make_world()
    other = OrganisationFactory(kind="provider")
    applicant = CheckedApi(api_client_for(w.applicant))
    refused = applicant.post(API, {"call": w.call.pk, "title": "KI", "provider": other.pk})
    assert refused.status_code == 422 and refused.json()["code"] == "invalid_provider"
    # a provider whose accreditation ends after the draft was saved: submission refused
    app = w.draft()
    accreditation_revoke(
        actor=w.admin, accreditation=w.provider.accreditations.get(), reason="Auflagen"
    )
    response = applicant.post(f"{API}/{app.pk}/submit", {})
    assert response.status_code == 400 and response.json()["code"] == "not_eligible"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_budget_never_over_committed_by_concurrent_approvals():
    w = make_world(budget=Decimal("100000"))
    apps = [w.reviewed() for _ in range(6)]  # 6 x 32,000 = 192,000 > 100,000
    results = []
    barrier = threading.Barrier(len(apps))

    def approve(app):
        from django.test import Client

        from kivoucher.core.tokens import api_token_create

        try:
            _t, key = api_token_create(user=w.approver)
            barrier.wait()
            response = Client(HTTP_AUTHORIZATION=f"Bearer {key}").post(
                f"{API}/{app.pk}/decision", {"approve": True}, content_type="application/json"
            )
            results.append(response.status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=approve, args=(a,)) for a in apps]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == [200, 200, 200, 409, 409, 409]
    figures = call_budget_figures(call=w.call)
    assert figures["committed"] == Decimal("96000.00")
    assert figures["available"] == Decimal("4000.00")
    assert Application.objects.filter(status="approved").count() == 3
