"""An applicant uses the API with nothing but ids from its answers: the data centres
to choose from (code, Gaia-X status, GPU prices) and the company's final reports.
Every request and answer is checked against /api/openapi.json."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from kivoucher.compute.services.reports import final_report_open
from tests.compute.factories import compute_call, issue, make_data_centre
from tests.e2e.openapi_check import CheckedApi, openapi_document
from tests.factories import OrganisationFactory, member_of

pytestmark = pytest.mark.django_db
API = "/api/v1/compute"


def test_an_applicant_applies_with_a_data_centre_code_from_the_list(api_client_for):
    make_data_centre("api-open")
    make_data_centre("api-lapsed", valid=False)
    compute_call()
    company = OrganisationFactory(employees=10)
    applicant = CheckedApi(api_client_for(member_of(company)))

    listed = applicant.get(f"{API}/data-centres").json()
    by_code = {dc["code"]: dc for dc in listed}
    assert by_code["api-open"]["accepts_applications"] is True
    assert by_code["api-lapsed"]["accepts_applications"] is False
    assert by_code["api-open"]["gpu_hour_prices"][0] == {
        "resource": "gpu-generic",
        "unit": "gpu_hour",
        "price": "1.00",
    }
    chosen = next(dc for dc in listed if dc["accepts_applications"])
    suspended = next(dc for dc in listed if not dc["accepts_applications"])
    today = timezone.localdate()
    body = {
        "data_centre": suspended["code"],
        "project_description": "Feinabstimmung eines Modells für Lagerlogistik.",
        "gpu_type": "H100",
        "gpu_hours": "500",
        "period_start": today.isoformat(),
        "period_end": (today + timedelta(days=60)).isoformat(),
        "not_in_difficulty": True,
    }
    refused = applicant.post(f"{API}/applications", body)
    assert refused.status_code == 409 and refused.json()["code"] == "data_centre_suspended"
    created = applicant.post(f"{API}/applications", {**body, "data_centre": chosen["code"]})
    assert created.status_code == 201 and created.json()["data_centre"] == chosen["code"]


def test_the_apply_operation_says_where_the_data_centre_code_comes_from():
    schema = openapi_document()["components"]["schemas"]["ComputeApplicationIn"]
    assert "GET /api/v1/compute/data-centres" in schema["properties"]["data_centre"]["description"]


def test_a_company_finds_its_final_reports_and_submits_one(api_client_for):
    dc = make_data_centre("api-reports")
    company = OrganisationFactory()
    own = issue(dc, company=company)
    other = issue(dc)
    final_report_open(voucher=own)
    final_report_open(voucher=other)
    applicant = CheckedApi(api_client_for(member_of(company)))

    reports = applicant.get(f"{API}/reports").json()
    assert [r["voucher"] for r in reports] == [own.code]  # only the company's own
    report_id = reports[0]["id"]
    text = "Wir haben das Modell trainiert und im Pilotbetrieb erprobt."
    submitted = applicant.post(f"{API}/reports/{report_id}", {"text": text})
    assert submitted.status_code == 200 and submitted.json()["status"] == "submitted"
    again = applicant.post(f"{API}/reports/{report_id}", {"text": text})
    assert again.status_code == 409
    assert applicant.get(f"{API}/reports").json()[0]["status"] == "submitted"


def test_the_lists_need_a_signed_in_caller():
    anonymous = CheckedApi(Client())
    assert anonymous.get(f"{API}/data-centres").status_code == 401
    assert anonymous.get(f"{API}/reports").status_code == 401
