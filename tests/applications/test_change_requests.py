"""Change requests on a line I voucher end to end over HTTP (checked against the
OpenAPI document): extension, another provider, other planned costs; the four-eyes
rule, the limits, and that the voucher's figures always match the ledger."""

import io
import threading
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone
from pypdf import PdfReader

from kivoucher.applications.models import Application, ChangeRequest, Voucher
from kivoucher.core.audit import audit_history
from kivoucher.core.dates import add_months
from kivoucher.core.roles import Role
from kivoucher.ledger.models import Account
from kivoucher.programmes.deminimis import aid_declare
from kivoucher.programmes.models import AidAward
from tests.applications.factories import accredit, make_world
from tests.e2e.openapi_check import CheckedApi
from tests.factories import OrganisationFactory, UserFactory, member_of

pytestmark = pytest.mark.django_db
API = "/api/v1/applications"
D = Decimal


def pdf_text(content: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


@pytest.fixture
def world():
    w = make_world()
    app = w.approved()
    w.voucher = Voucher.objects.get(application=app)
    return w


def apis(w, api_client_for):
    return (
        CheckedApi(api_client_for(w.applicant)),
        CheckedApi(api_client_for(w.caseworker)),
        CheckedApi(api_client_for(w.approver)),
    )


def balances(call) -> tuple[Decimal, Decimal]:
    budget = Account.objects.get(code=call.budget_account_code).balance
    committed = Account.objects.get(code=call.committed_account_code).balance
    return budget, committed


def assert_figures_match_ledger(w) -> None:
    """The call's commitment is the sum of its vouchers' values; the budget is the
    rest; the grant register holds the voucher's value."""
    budget, committed = balances(w.call)
    vouchers = Voucher.objects.filter(application__call=w.call)
    assert committed == sum(v.amount for v in vouchers)
    assert budget + committed == w.call.budget
    for v in vouchers:
        award = AidAward.objects.get(reference=f"application:{v.application_id}")
        assert award.amount == v.amount == v.application.granted_amount


def through(w, api_client_for, body: dict, *, approve=True, note="passt") -> dict:
    company, caseworker, approver = apis(w, api_client_for)
    r = company.post(f"{API}/vouchers/{w.voucher.code}/change-requests", body)
    assert r.status_code == 201, r.json()
    cr = r.json()
    assert cr["status"] == "submitted" and cr["notice"] is None
    r = caseworker.post(f"{API}/change-requests/{cr['id']}/review", {"note": "geprüft"})
    assert r.status_code == 200 and r.json()["status"] == "reviewed"
    r = approver.post(
        f"{API}/change-requests/{cr['id']}/decide", {"approve": approve, "note": note}
    )
    assert r.status_code == 200, r.json()
    return r.json()


def test_extension_end_to_end(world, api_client_for):
    w = world
    before = w.voucher.valid_until
    cr = through(w, api_client_for, {"kind": "extension", "months": 3, "reason": "Lieferverzug"})
    assert cr["status"] == "approved"
    w.voucher.refresh_from_db()
    assert w.voucher.valid_until == add_months(before, 3)
    assert cr["before"]["valid_until"] == before.isoformat()
    assert cr["after"]["valid_until"] == w.voucher.valid_until.isoformat()
    # the notice: German, stored, the same bytes every time
    client = api_client_for(w.applicant)
    first = client.get(cr["notice"])
    assert first.status_code == 200 and first["Content-Type"] == "application/pdf"
    text = pdf_text(first.content)
    assert "Projektträger KI-Voucher" in text  # rendered in German
    assert "AEA-" in text
    assert w.voucher.valid_until.strftime("%d.%m.%Y") in text
    assert client.get(cr["notice"]).content == first.content
    # the list of the voucher, and its history on the voucher page
    listed = CheckedApi(client).get(f"{API}/vouchers/{w.voucher.code}/change-requests").json()
    assert [c["id"] for c in listed] == [cr["id"]]
    page = Client()
    page.force_login(w.applicant)
    html = page.get(f"/vouchers/{w.voucher.code}/").content.decode()
    assert "AEA-" in html and f"/changes/{cr['id']}/notice.pdf" in html
    actions = [e.action for e in audit_history(ChangeRequest.objects.get(pk=cr["id"]))]
    assert "applications.changerequest.approved" in actions
    assert_figures_match_ledger(w)


def test_extension_limits(world, api_client_for):
    w = world
    w.programme.extensions_max = 1
    w.programme.extension_months_max = 4
    w.programme.save()
    company = CheckedApi(api_client_for(w.applicant))
    url = f"{API}/vouchers/{w.voucher.code}/change-requests"
    r = company.post(url, {"kind": "extension", "months": 5, "reason": "mehr Zeit"})
    assert r.status_code == 400 and r.json()["code"] == "extension_limit"
    through(w, api_client_for, {"kind": "extension", "months": 4, "reason": "mehr Zeit"})
    r = company.post(url, {"kind": "extension", "months": 1, "reason": "noch mehr"})
    assert r.status_code == 409 and r.json()["code"] == "extension_limit"


def test_one_open_request_and_withdraw(world, api_client_for):
    w = world
    company = CheckedApi(api_client_for(w.applicant))
    url = f"{API}/vouchers/{w.voucher.code}/change-requests"
    first = company.post(url, {"kind": "extension", "months": 2, "reason": "a"}).json()
    r = company.post(url, {"kind": "extension", "months": 1, "reason": "b"})
    assert r.status_code == 409 and r.json()["code"] == "open_change_request"
    r = company.post(f"{API}/change-requests/{first['id']}/withdraw", {"reason": "erledigt"})
    assert r.status_code == 200 and r.json()["status"] == "withdrawn"
    assert company.post(url, {"kind": "extension", "months": 1, "reason": "b"}).status_code == 201
    # staff and the provider cannot submit for the company
    for user in (w.caseworker, w.provider_user):
        r = CheckedApi(api_client_for(user)).post(
            url, {"kind": "extension", "months": 1, "reason": "x"}
        )
        assert r.status_code in (403, 409)


def test_the_reviewer_may_not_decide(world, api_client_for):
    w = world
    admin = CheckedApi(api_client_for(w.admin))  # a programme admin may review and decide
    company = CheckedApi(api_client_for(w.applicant))
    cr = company.post(
        f"{API}/vouchers/{w.voucher.code}/change-requests",
        {"kind": "extension", "months": 2, "reason": "Verzug"},
    ).json()
    r = company.post(f"{API}/change-requests/{cr['id']}/decide", {"approve": True})
    assert r.status_code == 403
    assert admin.post(f"{API}/change-requests/{cr['id']}/review", {"note": "ok"}).status_code == 200
    r = admin.post(f"{API}/change-requests/{cr['id']}/decide", {"approve": True, "note": ""})
    assert r.status_code == 403 and r.json()["code"] == "four_eyes"
    before = w.voucher.valid_until
    w.voucher.refresh_from_db()
    assert w.voucher.valid_until == before
    assert ChangeRequest.objects.get(pk=cr["id"]).status == "reviewed"


def test_rejection_issues_a_notice_and_changes_nothing(world, api_client_for):
    w = world
    before = (w.voucher.amount, w.voucher.valid_until, balances(w.call))
    company, caseworker, approver = apis(w, api_client_for)
    cr = company.post(
        f"{API}/vouchers/{w.voucher.code}/change-requests",
        {"kind": "costs", "planned_costs": "45000.00", "reason": "teurer"},
    ).json()
    caseworker.post(f"{API}/change-requests/{cr['id']}/review", {"note": "nicht begründet"})
    r = approver.post(f"{API}/change-requests/{cr['id']}/decide", {"approve": False})
    assert r.status_code == 400 and r.json()["code"] == "reason_missing"
    r = approver.post(
        f"{API}/change-requests/{cr['id']}/decide", {"approve": False, "note": "Nicht belegt."}
    )
    assert r.status_code == 200 and r.json()["status"] == "rejected"
    w.voucher.refresh_from_db()
    assert (w.voucher.amount, w.voucher.valid_until, balances(w.call)) == before
    notice = api_client_for(w.applicant).get(r.json()["notice"])
    assert "Nicht belegt." in pdf_text(notice.content)


def test_costs_increase_and_decrease_move_the_money(world, api_client_for):
    w = world
    app = w.voucher.application
    rate = w.programme.rate_for(app.size_class)
    old = w.voucher.amount
    cr = through(
        w, api_client_for, {"kind": "costs", "planned_costs": "50000.00", "reason": "mehr"}
    )
    w.voucher.refresh_from_db()
    new = min(w.programme.max_grant, (D("50000.00") * rate).quantize(D("0.01")))
    assert new > old and w.voucher.amount == new
    assert cr["after"]["amount"] == str(new)
    assert Application.objects.get(pk=app.pk).planned_costs == D("50000.00")
    assert_figures_match_ledger(w)
    through(w, api_client_for, {"kind": "costs", "planned_costs": "20000.00", "reason": "weniger"})
    w.voucher.refresh_from_db()
    assert w.voucher.amount == (D("20000.00") * rate).quantize(D("0.01"))
    assert_figures_match_ledger(w)


def test_costs_increase_refused_when_the_budget_lacks_it(api_client_for):
    w = make_world(budget=D("32000.00"))
    w.voucher = Voucher.objects.get(application=w.approved())
    before = (w.voucher.amount, balances(w.call))
    r_budget = before[1][0]
    assert r_budget < D("8000")  # what an increase to 50,000 costs would need
    company, caseworker, approver = apis(w, api_client_for)
    cr = company.post(
        f"{API}/vouchers/{w.voucher.code}/change-requests",
        {"kind": "costs", "planned_costs": "50000.00", "reason": "mehr"},
    ).json()
    caseworker.post(f"{API}/change-requests/{cr['id']}/review", {"note": "ok"})
    r = approver.post(f"{API}/change-requests/{cr['id']}/decide", {"approve": True})
    assert r.status_code == 409 and r.json()["code"] == "budget_exhausted"
    w.voucher.refresh_from_db()
    assert (w.voucher.amount, balances(w.call)) == before
    assert ChangeRequest.objects.get(pk=cr["id"]).status == "reviewed"
    assert_figures_match_ledger(w)


def test_costs_increase_rechecks_de_minimis(world, api_client_for):
    w = world
    headroom = w.programme.de_minimis_ceiling - w.voucher.amount
    aid_declare(
        actor=None,
        organisation=w.company,
        granting_body="Land",
        amount=headroom - D("100.00"),
        granted_on=timezone.localdate(),
        reference="declared:test",
    )
    before = (w.voucher.amount, balances(w.call))
    company, caseworker, approver = apis(w, api_client_for)
    cr = company.post(
        f"{API}/vouchers/{w.voucher.code}/change-requests",
        {"kind": "costs", "planned_costs": "60000.00", "reason": "mehr"},
    ).json()
    caseworker.post(f"{API}/change-requests/{cr['id']}/review", {"note": "ok"})
    r = approver.post(f"{API}/change-requests/{cr['id']}/decide", {"approve": True})
    assert r.status_code == 409 and r.json()["code"] == "de_minimis"
    w.voucher.refresh_from_db()
    assert (w.voucher.amount, balances(w.call)) == before
    assert_figures_match_ledger(w)


def _second_provider(w, cap=None):
    other = OrganisationFactory(kind="provider", name="Zweite KI GmbH", vat_id="DE129273398")
    accredit(
        provider=other,
        programme=w.programme,
        actor=member_of(other, role=Role.PROVIDER),
        admin=w.admin,
        cap=cap,
    )
    return other


def test_provider_change(world, api_client_for):
    w = world
    other = _second_provider(w)
    cr = through(
        w, api_client_for, {"kind": "provider", "provider": other.pk, "reason": "Insolvenz"}
    )
    assert cr["status"] == "approved" and cr["after"]["provider"] == "Zweite KI GmbH"
    assert Application.objects.get(pk=w.voucher.application_id).provider_id == other.pk
    assert_figures_match_ledger(w)


def test_provider_change_refusals(world, api_client_for):
    w = world
    company, caseworker, approver = apis(w, api_client_for)
    url = f"{API}/vouchers/{w.voucher.code}/change-requests"
    unaccredited = OrganisationFactory(kind="provider", name="Ohne Akkreditierung GmbH")
    r = company.post(url, {"kind": "provider", "provider": unaccredited.pk, "reason": "x"})
    assert r.status_code == 409 and r.json()["code"] == "provider_not_accredited"
    r = company.post(url, {"kind": "provider", "provider": w.company.pk, "reason": "x"})
    assert r.status_code == 409 and r.json()["code"] in (
        "provider_not_accredited",
        "not_independent",
    )
    capped = _second_provider(w, cap=w.voucher.amount - D("1.00"))
    cr = company.post(url, {"kind": "provider", "provider": capped.pk, "reason": "x"}).json()
    caseworker.post(f"{API}/change-requests/{cr['id']}/review", {"note": "ok"})
    r = approver.post(f"{API}/change-requests/{cr['id']}/decide", {"approve": True})
    assert r.status_code == 409 and r.json()["code"] == "provider_cap"
    assert Application.objects.get(pk=w.voucher.application_id).provider_id == w.provider.pk


def test_foreign_company_sees_nothing(world, api_client_for):
    w = world
    stranger = member_of(OrganisationFactory(), role=Role.APPLICANT)
    r = CheckedApi(api_client_for(stranger)).post(
        f"{API}/vouchers/{w.voucher.code}/change-requests",
        {"kind": "extension", "months": 1, "reason": "x"},
    )
    assert r.status_code == 404
    assert not ChangeRequest.objects.exists()


def test_voucher_page_form_submits(world):
    w = world
    client = Client()
    client.force_login(w.applicant)
    page = client.get(f"/vouchers/{w.voucher.code}/").content.decode()
    assert f"/vouchers/{w.voucher.code}/changes/" in page
    r = client.post(
        f"/vouchers/{w.voucher.code}/changes/",
        {"kind": "extension", "months": "2", "reason": "Lieferverzug"},
    )
    assert r.status_code == 302
    cr = ChangeRequest.objects.get()
    assert (cr.kind, cr.months, cr.submitted_by) == ("extension", 2, w.applicant)
    staff = Client()
    staff.force_login(w.caseworker)
    assert staff.post(f"/changes/{cr.pk}/review/", {"note": "ok"}).status_code == 302
    staff.force_login(w.approver)
    assert staff.post(f"/changes/{cr.pk}/decide/", {"approve": "1", "note": ""}).status_code == 302
    cr.refresh_from_db()
    assert cr.status == "approved"
    assert client.get(f"/changes/{cr.pk}/notice.pdf").status_code == 200


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_cost_increases_never_overdraw_the_budget():
    """Two approvals of increases on two vouchers of one call whose remaining budget
    covers only one: exactly one succeeds, the budget never goes below its floor."""
    from kivoucher.applications.services.change_requests import (
        change_request_decide,
        change_request_review,
        change_request_submit,
    )

    w = make_world(budget=D("200000"))
    vouchers = [Voucher.objects.get(application=w.approved()) for _ in range(2)]
    rate = w.programme.rate_for(vouchers[0].application.size_class)
    increase = (D("50000.00") * rate).quantize(D("0.01")) - vouchers[0].amount
    # leave in the budget what covers one increase only
    budget, _committed = balances(w.call)
    from kivoucher.ledger.services import transfer_create
    from kivoucher.programmes.services import appropriation_account, call_budget_account

    transfer_create(
        key="test:drain",
        source=call_budget_account(w.call),
        destination=appropriation_account(w.programme),
        amount=budget - increase - D("1.00"),
        kind="test",
    )
    approver2 = UserFactory(role=Role.APPROVER)
    requests = []
    for v in vouchers:
        cr = change_request_submit(
            actor=w.applicant, voucher=v, kind="costs", reason="mehr", planned_costs="50000.00"
        )
        requests.append(change_request_review(actor=w.caseworker, change_request=cr, note="ok"))
    results, barrier = [], threading.Barrier(2)

    def worker(cr, actor):
        try:
            barrier.wait()
            change_request_decide(actor=actor, change_request=cr, approve=True)
            results.append("ok")
        except Exception as exc:
            results.append(getattr(exc, "code", repr(exc)))
        finally:
            connection.close()

    threads = [
        threading.Thread(target=worker, args=(cr, actor))
        for cr, actor in zip(requests, [w.approver, approver2], strict=True)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == ["budget_exhausted", "ok"]
    budget_after, _ = balances(w.call)
    assert budget_after == D("1.00")
    statuses = sorted(ChangeRequest.objects.values_list("status", flat=True))
    assert statuses == ["approved", "reviewed"]
    committed = Account.objects.get(code=w.call.committed_account_code).balance
    assert committed == sum(v.amount for v in Voucher.objects.filter(application__call=w.call))


def test_change_notice_dates_are_german(world, api_client_for):
    w = world
    cr = through(w, api_client_for, {"kind": "extension", "months": 1, "reason": "Verzug"})
    text = pdf_text(api_client_for(w.applicant).get(cr["notice"]).content)
    assert date.fromisoformat(cr["before"]["valid_until"]).strftime("%d.%m.%Y") in text


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_cost_decrease_and_an_instalment_racing_on_one_voucher():
    """The decrease and the instalment lock the voucher, then the call's accounts: in
    whichever order they run, no more is paid than the grant, and the commitment is
    the grant less what was paid (never below its floor)."""
    from kivoucher.applications.services.change_requests import (
        change_request_decide,
        change_request_review,
        change_request_submit,
        paid_of_voucher,
    )
    from kivoucher.projects.models import Instalment
    from kivoucher.projects.services import instalment_decide

    w = make_world()
    voucher = Voucher.objects.get(application=w.approved())
    grant = voucher.amount
    instalment = Instalment.objects.create(
        voucher=voucher,
        number=1,
        status=Instalment.Status.CHECKED,
        requested_by=w.applicant,
        claimed_costs=D("30000.00"),
        eligible_costs=D("30000.00"),
        checked_by=w.caseworker,
        checked_at=timezone.now(),
    )
    cr = change_request_submit(
        actor=w.applicant, voucher=voucher, kind="costs", reason="weniger", planned_costs="25000"
    )
    cr = change_request_review(actor=w.caseworker, change_request=cr, note="ok")
    approver2 = UserFactory(role=Role.APPROVER)
    results, barrier = {}, threading.Barrier(2)

    def run(name, work):
        try:
            barrier.wait()
            work()
            results[name] = "ok"
        except Exception as exc:
            results[name] = getattr(exc, "code", repr(exc))
        finally:
            connection.close()

    threads = [
        threading.Thread(
            target=run,
            args=(
                "change",
                lambda: change_request_decide(actor=w.approver, change_request=cr, approve=True),
            ),
        ),
        threading.Thread(
            target=run,
            args=(
                "instalment",
                lambda: instalment_decide(actor=approver2, instalment=instalment, approve=True),
            ),
        ),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results["instalment"] == "ok", results
    assert results["change"] in ("ok", "below_paid"), results
    voucher.refresh_from_db()
    paid = paid_of_voucher(voucher)
    assert D("0") < paid <= voucher.amount
    assert voucher.amount == (grant if results["change"] != "ok" else D("20000.00"))
    budget, committed = balances(w.call)
    assert committed == voucher.amount - paid >= 0
    assert budget + committed + paid == w.call.budget
