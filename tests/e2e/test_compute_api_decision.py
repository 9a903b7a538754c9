"""Line II through the API alone, as an integrator would: a company applies with its
figures, a caseworker reviews, a colleague of the company who is an approver is
refused (four eyes), another approver decides. Ids come from the answers; every
request and answer is checked against /api/openapi.json."""

from datetime import timedelta

import pytest
from django.utils import timezone

from kivoucher.core.roles import Role
from tests.compute.factories import compute_call, make_data_centre
from tests.e2e.openapi_check import CheckedApi, _operation
from tests.factories import OrganisationFactory, UserFactory, member_of

pytestmark = pytest.mark.django_db

API = "/api/v1"


def test_compute_application_decided_under_four_eyes_through_the_api(api_client_for):
    # The world: an onboarded data centre (its code is on the form), an open call, a
    # company with one applicant and one staff member who works there too.
    make_data_centre("e2e-api-dc")
    compute_call()
    company = OrganisationFactory(employees=10)
    applicant = CheckedApi(api_client_for(member_of(company)))
    colleague = CheckedApi(api_client_for(member_of(company, role=Role.APPROVER)))
    caseworker = CheckedApi(api_client_for(UserFactory(role=Role.CASEWORKER)))
    approver = CheckedApi(api_client_for(UserFactory(role=Role.APPROVER)))
    today = timezone.localdate()
    body = {
        "data_centre": "e2e-api-dc",
        "project_description": "Feinabstimmung eines Modells für Lagerlogistik.",
        "gpu_type": "A100",
        "gpu_hours": "500",
        "period_start": today.isoformat(),
        "period_end": (today + timedelta(days=60)).isoformat(),
        "not_in_difficulty": True,
        "employees": 25,
        "annual_turnover": "2000000.00",
    }

    bad = applicant.post(f"{API}/compute/applications", {**body, "employees": -1})
    assert bad.status_code == 400 and "employees" in bad.json()["fields"]
    created = applicant.post(f"{API}/compute/applications", body)
    assert created.status_code == 201
    application = created.json()
    assert application["status"] == "submitted" and application["voucher"] is None
    url = f"{API}/compute/applications/{application['id']}"

    # the company's figures came with the application
    organisations = applicant.get(f"{API}/organisations").json()
    own = applicant.get(f"{API}/organisations/{organisations[0]['id']}").json()
    assert own["employees"] == 25

    reviewed = caseworker.post(f"{url}/review", {"recommend": True, "note": "passt"})
    assert reviewed.json()["status"] == "reviewed"
    refused = caseworker.post(f"{url}/decision", {"approve": True})  # not an approver
    assert refused.status_code == 403 and refused.json()["code"] == "forbidden"
    refused = colleague.post(f"{url}/decision", {"approve": True})
    assert refused.status_code == 403 and refused.json()["code"] == "four_eyes"
    assert applicant.get(url).json()["status"] == "reviewed"

    approved = approver.post(f"{url}/decision", {"approve": True, "note": "Vier Augen"})
    assert approved.status_code == 200
    voucher = approved.json()["voucher"]
    assert approved.json()["status"] == "approved" and voucher
    assert applicant.get(url).json()["voucher"] == voucher


def test_the_check_refuses_undocumented_answers_and_requests_outside_the_schema(
    api_client_for,
):
    staff = CheckedApi(api_client_for(UserFactory(role=Role.CASEWORKER)))
    # Every status the API answers is documented (issue 18): an answer the operation
    # does not list is made up here (the public list of programmes answers only 200).
    from django.http import JsonResponse

    made_up = JsonResponse({"code": "not_found", "message": "Not found."}, status=404)
    with pytest.raises(AssertionError, match="not documented"):
        staff._answer(_operation("GET", f"{API}/programmes"), "GET", f"{API}/programmes", made_up)
    with pytest.raises(AssertionError, match="request POST"):
        staff.post(f"{API}/compute/applications/1/review", {"recommend": "yes"})
