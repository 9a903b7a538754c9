"""Issue 17, the platform side of the Slurm site agent: a voucher's Slurm account and
users (`PUT /api/v1/compute/vouchers/{code}/slurm-account`, the voucher page), and the
voucher list the agent limits accounts by (exactly the vouchers usable now). Every
request and answer is checked against /api/openapi.json."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from kivoucher.compute.models import ComputeVoucher, DataCentre
from kivoucher.compute.services.vouchers import compute_voucher_set_slurm_account
from kivoucher.core.models import AuditEvent
from kivoucher.core.roles import Role
from tests.compute.factories import issue, make_data_centre, operator_of
from tests.e2e.openapi_check import CheckedApi
from tests.factories import OrganisationFactory, UserFactory, member_of

pytestmark = pytest.mark.django_db
API = "/api/v1/compute/vouchers"


@pytest.fixture
def dc():
    return make_data_centre("dc-agent")


@pytest.fixture
def operator(dc, api_client_for):
    return CheckedApi(api_client_for(operator_of(dc)))


def put(api: CheckedApi, code: str, body: dict):
    return api.call("PUT", f"{API}/{code}/slurm-account", body)


def test_the_operator_maps_account_and_users(dc, operator):
    voucher = issue(dc, value=Decimal("100.00"))
    response = put(operator, voucher.code, {"account": "deepfjord", "users": ["bob", "alice"]})
    assert response.status_code == 200
    body = response.json()
    assert body["slurm_account"] == "deepfjord"
    assert body["slurm_users"] == ["alice", "bob"]  # sorted
    assert {k: body[k] for k in ("code", "status", "value", "balance")} == {
        "code": voucher.code,
        "status": "active",
        "value": "100.00",
        "balance": "100.00",
    }
    assert operator.get(f"{API}/{voucher.code}").json()["slurm_users"] == ["alice", "bob"]
    listed = operator.get(API).json()
    assert [(v["code"], v["slurm_account"], v["slurm_users"]) for v in listed] == [
        (voucher.code, "deepfjord", ["alice", "bob"])
    ]
    event = AuditEvent.objects.filter(action="compute_voucher.slurm_account").last()
    assert (event.old_state, event.new_state) == ("", "deepfjord")
    assert event.data["users"] == ["alice", "bob"]


def test_users_are_optional_and_replaced(dc, operator):
    voucher = issue(dc)
    put(operator, voucher.code, {"account": "proj-a", "users": ["bob"]})
    body = put(operator, voucher.code, {"account": "proj-a"}).json()
    assert body["slurm_users"] == []  # the list is replaced: missing is none
    voucher.refresh_from_db()
    assert voucher.slurm_users == []
    # An empty account removes the mapping.
    body = put(operator, voucher.code, {"account": ""}).json()
    assert body["slurm_account"] is None


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"account": "DeepFjord"}, "invalid_slurm_account"),  # sacctmgr would lowercase it
        ({"account": "1abc"}, "invalid_slurm_account"),
        ({"account": "a b"}, "invalid_slurm_account"),
        ({"account": "a,b"}, "invalid_slurm_account"),
        ({"account": "a" * 65}, "too_long"),
        ({"account": "proj", "users": ["Bob"]}, "invalid_slurm_user"),
        ({"account": "proj", "users": ["bob;rm"]}, "invalid_slurm_user"),
        ({"account": "proj", "users": ["u" * 33]}, "invalid_slurm_user"),
        ({"account": "proj", "users": ["bob", "bob"]}, "duplicate_slurm_user"),
        ({"account": "proj", "users": [f"u{i}" for i in range(101)]}, "too_many_slurm_users"),
        ({"account": "", "users": ["bob"]}, "invalid_slurm_account"),
    ],
)
def test_invalid_names_are_refused_clearly(dc, operator, body, code):
    voucher = issue(dc)
    response = put(operator, voucher.code, body)
    assert response.status_code == 400
    assert response.json()["code"] == code and response.json()["message"]
    voucher.refresh_from_db()
    assert (voucher.slurm_account, voucher.slurm_users) == ("", [])


def test_the_message_names_the_refused_account(dc, operator):
    voucher = issue(dc)
    response = put(operator, voucher.code, {"account": "Groß"})
    assert "Groß" in response.json()["message"]


def test_an_account_is_unique_per_data_centre(dc, operator):
    first, second = issue(dc), issue(dc)
    assert put(operator, first.code, {"account": "shared"}).status_code == 200
    response = put(operator, second.code, {"account": "shared"})
    assert response.status_code == 409
    assert response.json()["code"] == "slurm_account_taken"
    # Another data centre's voucher may use the same name.
    elsewhere = issue(make_data_centre("dc-other"))
    compute_voucher_set_slurm_account(actor=None, voucher=elsewhere, slurm_account="shared")
    elsewhere.refresh_from_db()
    assert elsewhere.slurm_account == "shared"


def test_the_company_sets_its_own_voucher_others_may_not(dc, api_client_for):
    company = OrganisationFactory()
    voucher = issue(dc, company=company)
    member = CheckedApi(api_client_for(member_of(company, role=Role.APPLICANT)))
    assert put(member, voucher.code, {"account": "acme", "users": ["ann"]}).status_code == 200
    buyer = CheckedApi(api_client_for(member_of(company, role=Role.BUYER)))
    assert put(buyer, voucher.code, {"account": "acme", "users": ["ann", "ben"]}).status_code == 200
    stranger = CheckedApi(api_client_for(member_of(OrganisationFactory())))
    assert put(stranger, voucher.code, {"account": "evil"}).status_code == 404
    staff = CheckedApi(api_client_for(UserFactory(role=Role.CASEWORKER)))
    response = put(staff, voucher.code, {"account": "staff"})
    assert response.status_code == 403
    other_dc = make_data_centre("dc-foreign")
    foreign = CheckedApi(api_client_for(operator_of(other_dc)))
    assert put(foreign, voucher.code, {"account": "evil"}).status_code == 404
    voucher.refresh_from_db()
    assert (voucher.slurm_account, voucher.slurm_users) == ("acme", ["ann", "ben"])


def test_the_voucher_page_has_the_form_for_the_company(dc, client_for):
    company = OrganisationFactory()
    voucher = issue(dc, company=company)
    web = client_for(member_of(company))
    url = f"/compute/vouchers/{voucher.code}/"
    page = web.get(url).content.decode()
    assert 'name="users"' in page and 'name="account"' in page
    response = web.post(url, {"account": "acme-ki", "users": "ann, ben\ncarl"})
    assert response.status_code == 302
    voucher.refresh_from_db()
    assert (voucher.slurm_account, voucher.slurm_users) == ("acme-ki", ["ann", "ben", "carl"])
    page = web.get(url).content.decode()
    assert "<code>carl</code>" in page
    # A refused name is shown on the form, nothing is saved.
    response = web.post(url, {"account": "acme-ki", "users": "Ann"})
    assert response.status_code == 200
    assert "error-summary" in response.content.decode()
    voucher.refresh_from_db()
    assert voucher.slurm_users == ["ann", "ben", "carl"]


def test_staff_see_the_page_without_the_form_and_may_not_post(dc, client_for):
    voucher = issue(dc)
    staff = client_for(UserFactory(role=Role.AUDITOR))
    url = f"/compute/vouchers/{voucher.code}/"
    assert 'name="users"' not in staff.get(url).content.decode()
    assert staff.post(url, {"account": "x"}).status_code == 403
    voucher.refresh_from_db()
    assert voucher.slurm_account == ""


def test_the_list_holds_exactly_the_vouchers_usable_now(dc, operator):
    active = issue(dc)
    used_up, expired, cancelled, past = issue(dc), issue(dc), issue(dc), issue(dc)
    ComputeVoucher.objects.filter(pk=used_up.pk).update(status=ComputeVoucher.Status.EXHAUSTED)
    ComputeVoucher.objects.filter(pk=expired.pk).update(status=ComputeVoucher.Status.EXPIRED)
    ComputeVoucher.objects.filter(pk=cancelled.pk).update(status=ComputeVoucher.Status.CANCELLED)
    # Still active, but its last valid day has passed (before the daily expiry ran).
    ComputeVoucher.objects.filter(pk=past.pk).update(
        valid_until=timezone.localdate() - timedelta(days=1)
    )
    other = issue(make_data_centre("dc-elsewhere"))
    assert [v["code"] for v in operator.get(API).json()] == [active.code]
    # Each of them can still be asked for by its code (balance, status).
    for voucher in (used_up, expired, cancelled, past):
        body = operator.get(f"{API}/{voucher.code}").json()
        assert body["code"] == voucher.code
    assert operator.get(f"{API}/{expired.code}").json()["status"] == "expired"
    assert operator.get(f"{API}/{other.code}").status_code == 404


def test_the_list_is_empty_while_the_evidence_has_lapsed(dc, operator):
    voucher = issue(dc)
    assert [v["code"] for v in operator.get(API).json()] == [voucher.code]
    DataCentre.objects.filter(pk=dc.pk).update(evidence_status=DataCentre.Evidence.LAPSED)
    assert operator.get(API).json() == []
    # The expiry has passed, the daily check has not run yet: lapsed all the same.
    DataCentre.objects.filter(pk=dc.pk).update(
        evidence_status=DataCentre.Evidence.VALID,
        evidence_expires_at=timezone.now() - timedelta(minutes=1),
    )
    assert operator.get(API).json() == []
    DataCentre.objects.filter(pk=dc.pk).update(
        evidence_expires_at=timezone.now() + timedelta(days=30)
    )
    assert [v["code"] for v in operator.get(API).json()] == [voucher.code]


def test_the_list_has_constant_queries(dc, api_client_for, django_assert_max_num_queries):
    client = api_client_for(operator_of(dc))
    for n in range(3):
        voucher = issue(dc)
        voucher.slurm_account, voucher.slurm_users = f"acc{n}", ["u1", "u2"]
        voucher.save()
    client.get(API)
    with django_assert_max_num_queries(4):
        body = client.get(API).json()
    assert len(body) == 3 and all(v["slurm_users"] == ["u1", "u2"] for v in body)


def test_only_data_centre_operators_list_vouchers(api_client_for):
    applicant = CheckedApi(api_client_for(member_of(OrganisationFactory())))
    assert applicant.get(API).status_code == 403
