"""The application, settlement and final report steps through the API."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from kivoucher.compute.models import ComputeApplication, ComputeVoucher, FinalReport
from kivoucher.core.roles import Role
from tests.compute.factories import compute_call, make_data_centre, operator_of
from tests.factories import OrganisationFactory, UserFactory, member_of

pytestmark = pytest.mark.django_db


def post(client, url, body=None):
    return client.post(url, body or {}, content_type="application/json")


def application_body(dc) -> dict:
    today = timezone.localdate()
    return {
        "data_centre": dc.code,
        "project_description": "Feinabstimmung eines Modells für Lagerlogistik.",
        "gpu_type": "A100",
        "gpu_hours": "500",
        "period_start": today.isoformat(),
        "period_end": (today + timedelta(days=60)).isoformat(),
        "not_in_difficulty": True,
    }


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("gpu_hours", "-5"),
        ("gpu_hours", "0"),
        ("gpu_hours", "0.05"),
        ("gpu_hours", "1e11"),
        ("gpu_hours", "1e400"),
        ("storage_tb", "-1"),
        ("storage_tb", "1e8"),
    ],
)
def test_application_amounts_outside_the_form_rules_are_a_400(api_client_for, field, value):
    # The API took what the form refuses: negative GPU hours were stored, 1e400 was a 500.
    dc = make_data_centre("api-dc")
    compute_call()
    applicant = api_client_for(member_of(OrganisationFactory()))
    body = {**application_body(dc), field: value}
    response = post(applicant, "/api/v1/compute/applications", body)
    assert response.status_code == 400, response.content
    assert field in response.json()["fields"]
    assert not ComputeApplication.objects.exists()


def test_application_to_report_through_the_api(api_client_for):
    dc = make_data_centre("api-dc")
    compute_call()
    company = OrganisationFactory()
    applicant = api_client_for(member_of(company))
    caseworker = api_client_for(UserFactory(role=Role.CASEWORKER))
    approver = api_client_for(UserFactory(role=Role.APPROVER))
    body = application_body(dc)
    assert post(applicant, "/api/v1/compute/applications", {**body, "x": 1}).status_code == 422
    response = post(applicant, "/api/v1/compute/applications", body)
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    assert (
        post(
            applicant, f"/api/v1/compute/applications/{pk}/review", {"recommend": True, "note": "-"}
        ).status_code
        == 403
    )
    reviewed = post(
        caseworker, f"/api/v1/compute/applications/{pk}/review", {"recommend": True, "note": "ok"}
    )
    assert reviewed.json()["status"] == "reviewed"
    decided = post(approver, f"/api/v1/compute/applications/{pk}/decision", {"approve": True})
    voucher = decided.json()["voucher"]
    assert decided.json()["status"] == "approved" and voucher.startswith("KCV-")
    assert (
        post(applicant, "/api/v1/compute/applications", body).json()["code"] == "duplicate_voucher"
    )

    dc_client = api_client_for(operator_of(dc))
    end = timezone.now().replace(microsecond=0) - timedelta(days=1)
    # usage of yesterday needs a voucher issued before (usage before the issue is refused)
    ComputeVoucher.objects.filter(code=voucher).update(issued_at=end - timedelta(days=1))
    record = {
        "id": "a-1",
        "voucher": voucher,
        "resource": "h100-80gb",
        "quantity": "30000",
        "start": (end - timedelta(hours=1)).isoformat(),
        "end": end.isoformat(),
    }
    result = post(dc_client, "/api/v1/compute/usage", {"records": [record]}).json()["results"][0]
    assert (result["charged"], result["uncovered"]) == ("50000.00", "25000.00")

    day = timezone.localtime(end).date().isoformat()
    created = post(
        caseworker,
        "/api/v1/compute/statements",
        {"data_centre": dc.code, "period_start": day, "period_end": day},
    )
    assert created.status_code == 201 and created.json()["total"] == "50000.00"
    sid = created.json()["id"]
    assert post(caseworker, f"/api/v1/compute/statements/{sid}/approve").status_code == 403
    assert (
        post(approver, f"/api/v1/compute/statements/{sid}/approve").json()["status"] == "approved"
    )
    assert [s["id"] for s in dc_client.get("/api/v1/compute/statements").json()] == [sid]

    report = FinalReport.objects.get(voucher__code=voucher)
    done = post(
        applicant,
        f"/api/v1/compute/reports/{report.pk}",
        {"text": "Modell trainiert, Pilot läuft."},
    )
    assert done.json()["status"] == "submitted"
    assert done.json()["usage_summary"]["charged"] == "50000.00"


def test_api_approval_by_a_colleague_of_the_applicant_is_403(api_client_for):
    dc = make_data_centre("api-eyes")
    compute_call()
    company = OrganisationFactory()
    applicant = api_client_for(member_of(company))
    pk = post(applicant, "/api/v1/compute/applications", application_body(dc)).json()["id"]
    caseworker = api_client_for(UserFactory(role=Role.CASEWORKER))
    post(caseworker, f"/api/v1/compute/applications/{pk}/review", {"recommend": True, "note": "ok"})
    colleague = api_client_for(member_of(company, role=Role.APPROVER))
    refused = post(colleague, f"/api/v1/compute/applications/{pk}/decision", {"approve": True})
    assert refused.status_code == 403 and refused.json()["code"] == "four_eyes"
    assert ComputeApplication.objects.get(pk=pk).status == ComputeApplication.Status.REVIEWED


def test_api_application_updates_the_company_figures_with_it(api_client_for):
    # The page updated the company's figures with the application, the API did not.
    dc = make_data_centre("api-figures")
    compute_call()
    company = OrganisationFactory(employees=10)
    applicant = api_client_for(member_of(company))
    body = {**application_body(dc), "employees": 25, "annual_turnover": "2000000.00"}
    for field, value in (("employees", -1), ("employees", 10**30), ("annual_turnover", "1e400")):
        bad = post(applicant, "/api/v1/compute/applications", {**body, field: value})
        assert bad.status_code == 400 and field in bad.json()["fields"], bad.content
    assert not ComputeApplication.objects.exists()
    response = post(applicant, "/api/v1/compute/applications", body)
    assert response.status_code == 201, response.content
    company.refresh_from_db()
    assert (company.employees, company.annual_turnover) == (25, Decimal("2000000.00"))
    again = post(applicant, "/api/v1/compute/applications", {**body, "employees": 30})
    assert again.json()["code"] == "duplicate"
    company.refresh_from_db()
    assert company.employees == 25  # a refused application changes nothing


def test_api_application_names_any_onboarded_data_centre_by_code(api_client_for):
    # Applicants are no members of a data centre: the choice is any onboarded one.
    dc = make_data_centre("api-any")
    compute_call()
    applicant = api_client_for(member_of(OrganisationFactory()))
    unknown = post(
        applicant, "/api/v1/compute/applications", {**application_body(dc), "data_centre": "nope"}
    )
    assert unknown.status_code == 404
    made = post(applicant, "/api/v1/compute/applications", application_body(dc))
    assert made.status_code == 201 and made.json()["data_centre"] == "api-any"
