"""Change requests on a compute voucher end to end over HTTP (checked against the
OpenAPI document): extension and another data centre; four eyes; limits."""

import io
from decimal import Decimal

import pytest
from django.test import Client
from pypdf import PdfReader

from kivoucher.compute.models import (
    ComputeChangeRequest,
    ComputeHold,
    ComputeVoucher,
    DataCentre,
)
from kivoucher.compute.services.holds import compute_hold_create
from kivoucher.core.dates import add_months
from kivoucher.core.roles import Role
from kivoucher.ledger.models import Account
from tests.compute.factories import issue, make_data_centre
from tests.e2e.openapi_check import CheckedApi
from tests.factories import OrganisationFactory, UserFactory, member_of

pytestmark = pytest.mark.django_db
API = "/api/v1/compute"
D = Decimal


class W:
    pass


@pytest.fixture
def world(api_client_for):
    w = W()
    w.dc = make_data_centre("dc-alt")
    w.other_dc = make_data_centre("dc-neu")
    w.company = OrganisationFactory()
    w.voucher = issue(w.dc, company=w.company, value=D("1000.00"))
    ComputeVoucher.objects.filter(pk=w.voucher.pk).update(
        slurm_account="kiv-acc", slurm_users=["alice"]
    )
    w.applicant = member_of(w.company, role=Role.APPLICANT)
    w.caseworker = UserFactory(role=Role.CASEWORKER)
    w.approver = UserFactory(role=Role.APPROVER)
    w.admin = UserFactory(role=Role.PROGRAMME_ADMIN)
    w.company_api = CheckedApi(api_client_for(w.applicant))
    w.caseworker_api = CheckedApi(api_client_for(w.caseworker))
    w.approver_api = CheckedApi(api_client_for(w.approver))
    w.url = f"{API}/vouchers/{w.voucher.code}/change-requests"
    return w


def through(w, body: dict, *, approve=True, note="passt") -> dict:
    r = w.company_api.post(w.url, body)
    assert r.status_code == 201, r.json()
    cr = r.json()
    r = w.caseworker_api.post(f"{API}/change-requests/{cr['id']}/review", {"note": "geprüft"})
    assert r.status_code == 200 and r.json()["status"] == "reviewed"
    r = w.approver_api.post(
        f"{API}/change-requests/{cr['id']}/decide", {"approve": approve, "note": note}
    )
    assert r.status_code == 200, r.json()
    return r.json()


def test_extension_end_to_end(world, api_client_for):
    w = world
    before = w.voucher.valid_until
    cr = through(w, {"kind": "extension", "months": 6, "reason": "Rechenzeit reicht nicht"})
    assert cr["status"] == "approved"
    w.voucher.refresh_from_db()
    assert w.voucher.valid_until == add_months(before, 6)
    notice = api_client_for(w.applicant).get(cr["notice"])
    assert notice.status_code == 200
    content = b"".join(notice.streaming_content)
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)
    assert w.voucher.valid_until.strftime("%d.%m.%Y") in text and cr["reference"] in text
    listed = w.company_api.get(w.url).json()
    assert [c["id"] for c in listed] == [cr["id"]]
    page = Client()
    page.force_login(w.applicant)
    html = page.get(f"/compute/vouchers/{w.voucher.code}/").content.decode()
    assert cr["reference"] in html and f"/compute/changes/{cr['id']}/notice.pdf" in html


def test_extension_limits(world):
    w = world
    programme = w.voucher.programme
    programme.extensions_max, programme.extension_months_max = 1, 6
    programme.save()
    r = w.company_api.post(w.url, {"kind": "extension", "months": 7, "reason": "x"})
    assert r.status_code == 400 and r.json()["code"] == "extension_limit"
    through(w, {"kind": "extension", "months": 6, "reason": "x"})
    r = w.company_api.post(w.url, {"kind": "extension", "months": 1, "reason": "y"})
    assert r.status_code == 409 and r.json()["code"] == "extension_limit"


def test_data_centre_change_keeps_the_balance_and_clears_slurm(world):
    w = world
    account_before = Account.objects.get(pk=w.voucher.account_id).balance
    cr = through(w, {"kind": "data_centre", "data_centre": "dc-neu", "reason": "Umzug"})
    assert cr["status"] == "approved" and cr["data_centre"] == "dc-neu"
    w.voucher.refresh_from_db()
    assert w.voucher.data_centre_id == w.other_dc.pk
    assert (w.voucher.slurm_account, w.voucher.slurm_users) == ("", [])
    assert Account.objects.get(pk=w.voucher.account_id).balance == account_before
    assert w.voucher.value == D("1000.00")
    assert cr["before"]["slurm_account"] == "kiv-acc"


def test_data_centre_change_refusals(world):
    w = world
    lapsed = make_data_centre("dc-lapsed")
    DataCentre.objects.filter(pk=lapsed.pk).update(evidence_status=DataCentre.Evidence.LAPSED)
    r = w.company_api.post(
        w.url, {"kind": "data_centre", "data_centre": "dc-lapsed", "reason": "x"}
    )
    assert r.status_code == 409 and r.json()["code"] == "data_centre_suspended"
    r = w.company_api.post(w.url, {"kind": "data_centre", "data_centre": "nope", "reason": "x"})
    assert r.status_code == 422
    # a pending hold at the current data centre blocks the move at the decision
    compute_hold_create(
        actor=None, data_centre=w.dc, voucher=w.voucher, hold_id="job-1", amount=D("10.00")
    )
    cr = w.company_api.post(
        w.url, {"kind": "data_centre", "data_centre": "dc-neu", "reason": "x"}
    ).json()
    w.caseworker_api.post(f"{API}/change-requests/{cr['id']}/review", {"note": "ok"})
    r = w.approver_api.post(f"{API}/change-requests/{cr['id']}/decide", {"approve": True})
    assert r.status_code == 409 and r.json()["code"] == "holds_pending"
    w.voucher.refresh_from_db()
    assert w.voucher.data_centre_id == w.dc.pk and w.voucher.slurm_account == "kiv-acc"
    assert ComputeHold.objects.get().status == "pending"


def test_four_eyes_and_one_open_request(world, api_client_for):
    w = world
    admin = CheckedApi(api_client_for(w.admin))
    cr = w.company_api.post(w.url, {"kind": "extension", "months": 2, "reason": "a"}).json()
    r = w.company_api.post(w.url, {"kind": "extension", "months": 1, "reason": "b"})
    assert r.status_code == 409 and r.json()["code"] == "open_change_request"
    assert admin.post(f"{API}/change-requests/{cr['id']}/review", {"note": "ok"}).status_code == 200
    r = admin.post(f"{API}/change-requests/{cr['id']}/decide", {"approve": True})
    assert r.status_code == 403 and r.json()["code"] == "four_eyes"
    r = w.caseworker_api.post(f"{API}/change-requests/{cr['id']}/decide", {"approve": True})
    assert r.status_code == 403
    before = w.voucher.valid_until
    w.voucher.refresh_from_db()
    assert w.voucher.valid_until == before
    r = w.company_api.post(f"{API}/change-requests/{cr['id']}/withdraw", {"reason": "egal"})
    assert r.status_code == 200 and r.json()["status"] == "withdrawn"
    assert (
        w.company_api.post(w.url, {"kind": "extension", "months": 1, "reason": "b"}).status_code
        == 201
    )


def test_rejection_changes_nothing_and_strangers_see_nothing(world, api_client_for):
    w = world
    before = w.voucher.valid_until
    cr = through(w, {"kind": "extension", "months": 2, "reason": "x"}, approve=False, note="Nein.")
    assert cr["status"] == "rejected" and cr["notice"]
    w.voucher.refresh_from_db()
    assert w.voucher.valid_until == before
    stranger = CheckedApi(api_client_for(member_of(OrganisationFactory(), role=Role.APPLICANT)))
    assert stranger.get(w.url).status_code == 404
    assert stranger.get(f"{API}/change-requests/{cr['id']}").status_code == 404
    assert ComputeChangeRequest.objects.count() == 1


def test_voucher_page_form(world):
    w = world
    client = Client()
    client.force_login(w.applicant)
    r = client.post(
        f"/compute/vouchers/{w.voucher.code}/changes/",
        {"kind": "extension", "months": "3", "reason": "Verzug"},
    )
    assert r.status_code == 302
    cr = ComputeChangeRequest.objects.get()
    staff = Client()
    staff.force_login(w.caseworker)
    assert staff.post(f"/compute/changes/{cr.pk}/review/", {"note": "ok"}).status_code == 302
    staff.force_login(w.approver)
    staff.post(f"/compute/changes/{cr.pk}/decide/", {"approve": "1", "note": ""})
    cr.refresh_from_db()
    assert cr.status == "approved"
    assert client.get(f"/compute/changes/{cr.pk}/notice.pdf").status_code == 200
