"""Every page of line II renders for the roles that may see it, and hides the rest."""

import pytest

from kivoucher.compute.models import (
    ComputeApplication,
    ComputeVoucher,
    FinalReport,
    SettlementStatement,
)
from kivoucher.core.management.commands.demo import load_demo

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    return load_demo()


def test_pages_per_role(demo, client_for, django_assert_max_num_queries):
    voucher = ComputeVoucher.objects.filter(organisation=demo["org_company"]).first()
    statement = SettlementStatement.objects.first()
    report = FinalReport.objects.first()
    application = ComputeApplication.objects.first()
    dc = demo["data_centre"]
    pages = {
        "applicant": [
            "/compute/",
            "/compute/apply/",
            f"/compute/vouchers/{voucher.code}/",
            f"/compute/applications/{application.pk}/",
        ],
        "dc-operator": [
            "/compute/",
            f"/compute/data-centres/{dc.code}/",
            f"/compute/vouchers/{voucher.code}/",
            f"/compute/statements/{statement.pk}/",
            f"/compute/statements/{statement.pk}/csv/",
        ],
        "auditor": [
            "/compute/",
            f"/compute/data-centres/{dc.code}/",
            f"/compute/reports/{report.pk}/",
            f"/compute/applications/{application.pk}/",
        ],
        "admin": ["/compute/", "/home/"],
        "caseworker": ["/home/", f"/compute/applications/{application.pk}/"],
    }
    for username, urls in pages.items():
        client = client_for(demo[username])
        for url in urls:
            with django_assert_max_num_queries(40):
                assert client.get(url).status_code == 200, (username, url)
    provider = client_for(demo["provider"])
    assert provider.get(f"/compute/vouchers/{voucher.code}/").status_code == 404
    assert provider.get(f"/compute/statements/{statement.pk}/").status_code == 404
    assert provider.get(f"/compute/data-centres/{dc.code}/").status_code == 404


def test_voucher_list_api_has_constant_queries(demo, api_client_for, django_assert_num_queries):
    client = api_client_for(demo["dc-operator"])
    client.get("/api/v1/compute/vouchers")
    with django_assert_num_queries(3):
        body = client.get("/api/v1/compute/vouchers").json()
    # the demo's data centre has three vouchers; the list holds the two still usable
    assert len(body) == 2 and all(v["status"] == "active" and v["balance"] for v in body)


def test_data_centre_uploads_a_renewed_credential(client_for):
    import json

    from tests.compute.factories import Evidence, make_data_centre, operator_of

    dc = make_data_centre("dc-ui", valid=False)
    ev = Evidence()
    ev.install(dc)
    client = client_for(operator_of(dc))
    participant = dc.credentials.get(kind="participant").raw
    response = client.post(
        f"/compute/data-centres/{dc.code}/",
        {
            "action": "credential",
            "credential-kind": "participant",
            "credential-credential": participant,
        },
    )
    assert response.status_code == 302
    page = client.get(f"/compute/data-centres/{dc.code}/", HTTP_ACCEPT_LANGUAGE="en")
    page = page.content.decode()
    # every check in words, not its code
    assert "unchanged since the compliance check" in page and "offered by the participant" in page
    assert "provided_by" not in page
    bad = client.post(
        f"/compute/data-centres/{dc.code}/",
        {"action": "credential", "credential-kind": "participant", "credential-credential": "{}"},
    )
    assert bad.status_code == 200 and "error-summary" in bad.content.decode()
    assert json.loads(participant)["id"]


def test_refused_application_on_the_page_leaves_the_company_figures(client_for):
    # The page saved the new figures first, then the application was refused.
    from datetime import timedelta

    from django.utils import timezone

    from kivoucher.compute.models import ComputeApplication
    from kivoucher.compute.services.applications import compute_application_submit
    from kivoucher.core.errors import Conflict
    from tests.compute.factories import compute_call, make_data_centre
    from tests.factories import OrganisationFactory, member_of

    dc = make_data_centre("dc-apply")
    call = compute_call()
    company = OrganisationFactory(employees=10)
    client = client_for(member_of(company))
    today = timezone.localdate()
    form = {
        "employees": "20",
        "annual_turnover": "1000000",
        "balance_sheet_total": "500000",
        "project_description": "Training eines Sprachmodells für Kundenservice-Anfragen.",
        "gpu_type": "H100",
        "gpu_hours": "100",
        "storage_tb": "0",
        "period_start": today.isoformat(),
        "period_end": (today + timedelta(days=30)).isoformat(),
        "data_centre": dc.pk,
        "not_in_difficulty": "on",
    }
    assert client.post("/compute/apply/", form).status_code == 302
    company.refresh_from_db()
    assert company.employees == 20
    # The page now refuses before the form (an open application); the service refuses
    # too, after it would have saved the figures: both leave them as they were.
    refused = client.post("/compute/apply/", {**form, "employees": "40"})
    assert refused.status_code == 409 and 'name="employees"' not in refused.content.decode()
    with pytest.raises(Conflict):
        compute_application_submit(
            actor=refused.wsgi_request.user,
            organisation=company,
            call=call,
            data_centre=dc,
            project_description=form["project_description"],
            gpu_type="H100",
            gpu_hours=100,
            storage_tb=0,
            period_start=today,
            period_end=today + timedelta(days=30),
            not_in_difficulty=True,
            employees=40,
        )
    assert ComputeApplication.objects.filter(organisation=company).count() == 1
    company.refresh_from_db()
    assert company.employees == 20


def test_only_the_company_submits_its_final_report(demo, client_for):
    """The rule lives in the service: the page answers a staff member's submission
    with 403, and the service refuses it when called directly."""
    from kivoucher.compute.services.reports import final_report_submit
    from kivoucher.core.errors import PermissionDenied

    report = FinalReport.objects.filter(status=FinalReport.Status.DUE).first()
    text = "We trained a model for twelve weeks and learnt a lot."
    staff = client_for(demo["caseworker"])
    assert staff.post(f"/compute/reports/{report.pk}/", {"text": text}).status_code == 403
    with pytest.raises(PermissionDenied):
        final_report_submit(actor=demo["caseworker"], report=report, text=text)
    report.refresh_from_db()
    assert report.status == FinalReport.Status.DUE
