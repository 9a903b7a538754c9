"""Instalments (Mittelabruf) on line I vouchers, end to end over HTTP with real e-invoices
(KoSIT XRechnung test suite), every exchange checked against /api/openapi.json.

The world: the provider is "[Seller name]" (VAT DE123456789) and the company
"[Buyer name]", as on the KoSIT samples; the grant is 32,000 € (80 % of 40,000 €
planned costs), of which the programme lets 80 % (25,600 €) be drawn before the
final proof. The invoices: 01.01a (net 314.86), 01.04a (120.00), 01.05 (4,743.75),
01.18a (8,870.00), all from the seller to the buyer.
"""

import io
import threading
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from kivoucher.applications.models import Voucher
from kivoucher.applications.services import (
    application_withdraw,
    vouchers_expire,
)
from kivoucher.applications.services import change_requests as cr_services
from kivoucher.core.errors import Conflict
from kivoucher.core.models import AuditEvent
from kivoucher.core.roles import Role
from kivoucher.core.tokens import api_token_create
from kivoucher.ledger.models import Account
from kivoucher.payments.models import Payout
from kivoucher.payments.services import payout_cancel
from kivoucher.programmes.models import AidAward
from kivoucher.programmes.selectors import call_budget_figures
from kivoucher.programmes.services import call_committed_account
from kivoucher.projects import services
from kivoucher.projects.models import Instalment, ProofOfUse
from kivoucher.recovery.models import Receivable
from tests.applications.factories import PDF_BYTES, make_world
from tests.corpora import corpus
from tests.e2e.openapi_check import CheckedApi
from tests.factories import UserFactory

CORPUS = corpus("xrechnung")
API = "/api/v1/projects"
INV_01 = "kosit_01.01a-INVOICE_ubl.xml"  # 123456XX, net 314.86
INV_01_CII = "kosit_01.01a-INVOICE_uncefact.xml"  # the same invoice in CII
INV_04 = "kosit_01.04a-INVOICE_ubl.xml"  # 1234/78/901, net 120.00
INV_05 = "kosit_01.05_minimal_test_uncefact.xml"  # 1234567, net 4,743.75
INV_18 = "kosit_01.18a-INVOICE_ubl.xml"  # PRG1502112, net 8,870.00

pytestmark = pytest.mark.django_db


def _world(*, instalments_max=3, share=Decimal("0.8"), payout_mode="company"):
    w = make_world(company_kwargs={"name": "[Buyer name]"}, payout_mode=payout_mode)
    w.company.vat_id = ""
    w.company.save(update_fields=["vat_id"])
    w.provider.name, w.provider.vat_id = "[Seller name]", "DE123456789"
    w.provider.save(update_fields=["name", "vat_id"])
    w.programme.instalments_max, w.programme.instalments_share_max = instalments_max, share
    w.programme.save(update_fields=["instalments_max", "instalments_share_max"])
    app = w.approved()
    # The samples are dated 2015 to 2018: let the voucher have been issued before them.
    Voucher.objects.filter(pk=app.voucher.pk).update(valid_from=date(2015, 1, 1))
    return w, app.voucher.code


def _file(name: str):
    f = io.BytesIO((CORPUS / name).read_bytes())
    f.name = name
    return f


def _request(api: CheckedApi, code: str, *names: str):
    return api.post_form(
        f"{API}/vouchers/{code}/instalments", {"invoices": [_file(n) for n in names]}
    )


def _approved(w, api_for, code, *names, costs=None) -> dict:
    """Request (company), check (caseworker) and approve (approver) one instalment."""
    response = _request(CheckedApi(api_for(w.applicant)), code, *names)
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    body = {"accept": True} if costs is None else {"accept": True, "eligible_costs": costs}
    response = CheckedApi(api_for(w.caseworker)).post(f"{API}/instalments/{pk}/check", body)
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "checked"
    response = CheckedApi(api_for(w.approver)).post(
        f"{API}/instalments/{pk}/decide", {"approve": True, "note": ""}
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "approved"
    return response.json()


def _final_proof(w, api_for, code, costs=None) -> dict:
    response = CheckedApi(api_for(w.applicant)).post_form(
        f"{API}/vouchers/{code}/proof",
        {
            "invoice": _file(INV_18),
            "report": "Das Projekt wurde wie geplant abgeschlossen und abgerechnet.",
        },
    )
    assert response.status_code == 201, response.content
    body = {"accept": True, "note": ""}
    if costs is not None:
        body["eligible_costs"] = costs
    response = CheckedApi(api_for(w.caseworker)).post(
        f"{API}/proofs/{response.json()['id']}/check", body
    )
    assert response.status_code == 200, response.content
    return response.json()


def _payouts(code: str) -> list[Decimal]:
    return sorted(p.amount for p in Payout.objects.filter(origin=f"voucher:{code}"))


def test_two_instalments_then_the_final_proof_pays_exactly_the_rest(api_client_for):
    w, code = _world()
    company = CheckedApi(api_client_for(w.applicant))
    listing = company.get(f"{API}/vouchers/{code}/instalments").json()
    assert listing["figures"]["share_limit"] == "25600.00"
    assert listing["figures"]["available"] == "25600.00"
    assert listing["refusal"] is None and listing["instalments"] == []

    first = _approved(w, api_client_for, code, INV_01, INV_04)
    assert first["number"] == 1
    assert [i["invoice_number"] for i in first["invoices"]] == ["123456XX", "1234/78/901"]
    assert all(c["passed"] for i in first["invoices"] for c in i["checks"])
    assert (first["claimed_costs"], first["amount"]) == ("434.86", "347.89")  # 80 %
    second = _approved(w, api_client_for, code, INV_05)
    assert (second["number"], second["amount"]) == (2, "3795.00")

    listing = company.get(f"{API}/vouchers/{code}/instalments").json()
    assert [i["status"] for i in listing["instalments"]] == ["approved", "approved"]
    assert listing["figures"]["approved"] == "4142.89"
    assert listing["figures"]["available"] == "21457.11"
    assert _payouts(code) == [Decimal("347.89"), Decimal("3795.00")]

    proof = _final_proof(w, api_client_for, code)
    # 80 % of 8,870 = 7,096 due; 4,142.89 paid in instalments; 2,953.11 paid now.
    assert (proof["grant_due"], proof["instalments_paid"], proof["payout_amount"]) == (
        "7096.00",
        "4142.89",
        "2953.11",
    )
    assert _payouts(code) == [Decimal("347.89"), Decimal("2953.11"), Decimal("3795.00")]
    assert sum(_payouts(code)) == Decimal("7096.00")
    figures = call_budget_figures(call=w.call)
    assert figures["committed"] == Decimal("7096.00")  # the payouts, until the bank pays
    assert figures["available"] == Decimal("200000.00") - Decimal("7096.00")
    assert Voucher.objects.get(code=code).status == Voucher.Status.REDEEMED
    app = Voucher.objects.get(code=code).application
    assert AidAward.objects.get(reference=f"application:{app.pk}").amount == Decimal("7096.00")
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {
        "instalment.request",
        "projects.instalment.checked",
        "projects.instalment.approved",
    } <= actions
    # The final proof ends the instalments.
    refused = _request(company, code, INV_01_CII)
    assert refused.status_code == 409 and refused.json()["code"] == "final_proof_submitted"


def test_more_instalments_than_allowed_are_refused(api_client_for):
    w, code = _world(instalments_max=2)
    company = CheckedApi(api_client_for(w.applicant))
    assert _request(company, code, INV_01).status_code == 201
    second = _request(company, code, INV_04)
    assert second.status_code == 201
    third = _request(company, code, INV_05)
    assert third.status_code == 409 and third.json()["code"] == "instalment_limit"
    listing = company.get(f"{API}/vouchers/{code}/instalments").json()
    assert "2" in listing["refusal"]
    # A rejected instalment does not count: the third may follow.
    rejected = CheckedApi(api_client_for(w.caseworker)).post(
        f"{API}/instalments/{second.json()['id']}/check",
        {"accept": False, "note": "Rechnung betrifft ein anderes Projekt."},
    )
    assert rejected.status_code == 200 and rejected.json()["status"] == "rejected"
    third = _request(company, code, INV_05)
    assert third.status_code == 201 and third.json()["number"] == 3


def test_an_invoice_is_claimed_once(api_client_for):
    w, code = _world()
    company = CheckedApi(api_client_for(w.applicant))
    assert _request(company, code, INV_01).status_code == 201
    again = _request(company, code, INV_01_CII)  # the same invoice, in CII
    assert again.status_code == 409 and again.json()["code"] == "invoice_claimed"
    twice = _request(company, code, INV_04, INV_04)
    assert twice.status_code == 400 and twice.json()["code"] == "duplicate_invoice"


def test_share_exceeded_is_refused(api_client_for):
    w, code = _world(share=Decimal("0.1"))  # 3,200 of 32,000 before the final proof
    company = CheckedApi(api_client_for(w.applicant))
    first = _approved(w, api_client_for, code, INV_05)
    assert first["amount"] == "3200.00"  # 80 % of 4,743.75 = 3,795.00, capped by the share
    refused = _request(company, code, INV_18)
    assert refused.status_code == 409 and refused.json()["code"] == "share_exceeded"
    assert _payouts(code) == [Decimal("3200.00")]


def test_approval_is_refused_once_the_share_is_used(api_client_for):
    w, code = _world(share=Decimal("0.1"))
    company = CheckedApi(api_client_for(w.applicant))
    caseworker = CheckedApi(api_client_for(w.caseworker))
    ids = [_request(company, code, name).json()["id"] for name in (INV_05, INV_18)]
    for pk in ids:
        assert caseworker.post(f"{API}/instalments/{pk}/check", {"accept": True}).json()[
            "amount"
        ] == ("3200.00")
    approver = CheckedApi(api_client_for(w.approver))
    assert approver.post(f"{API}/instalments/{ids[0]}/decide", {"approve": True}).status_code == 200
    refused = approver.post(f"{API}/instalments/{ids[1]}/decide", {"approve": True})
    assert refused.status_code == 409 and refused.json()["code"] == "share_exceeded"
    assert Instalment.objects.get(pk=ids[1]).status == Instalment.Status.CHECKED
    assert _payouts(code) == [Decimal("3200.00")]


def test_four_eyes_the_checker_does_not_approve(api_client_for, user_factory):
    w, code = _world()
    pk = _request(CheckedApi(api_client_for(w.applicant)), code, INV_01).json()["id"]
    caseworker = CheckedApi(api_client_for(w.caseworker))
    assert caseworker.post(f"{API}/instalments/{pk}/check", {"accept": True}).status_code == 200
    refused = caseworker.post(f"{API}/instalments/{pk}/decide", {"approve": True})
    assert refused.status_code == 403 and refused.json()["code"] == "four_eyes"
    company = CheckedApi(api_client_for(w.applicant))
    assert company.post(f"{API}/instalments/{pk}/decide", {"approve": True}).status_code == 403
    assert not Payout.objects.exists()
    # The company cannot check its own instalment either, nor see another's.
    assert company.post(f"{API}/instalments/{pk}/check", {"accept": True}).status_code == 403
    other, other_code = _world()
    assert (
        CheckedApi(api_client_for(other.applicant)).get(f"{API}/instalments/{pk}").status_code
        == 404
    )


def test_pdf_without_e_invoice_is_refused(api_client_for):
    w, code = _world()
    f = io.BytesIO(PDF_BYTES)
    f.name = "rechnung.pdf"
    response = CheckedApi(api_client_for(w.applicant)).post_form(
        f"{API}/vouchers/{code}/instalments", {"invoices": [f]}
    )
    assert response.status_code == 400 and response.json()["code"] == "einvoice_required"


def test_overpayment_creates_a_receivable(api_client_for):

    w, code = _world()
    _approved(w, api_client_for, code, INV_01, INV_04)  # 347.89
    _approved(w, api_client_for, code, INV_05)  # 3,795.00
    proof = _final_proof(w, api_client_for, code, costs="4000.00")  # 3,200 due
    assert (proof["grant_due"], proof["instalments_paid"], proof["payout_amount"]) == (
        "3200.00",
        "4142.89",
        "0.00",
    )
    assert _payouts(code) == [Decimal("347.89"), Decimal("3795.00")]  # nothing more paid
    receivable = Receivable.objects.get()
    assert receivable.amount == Decimal("942.89")
    assert (receivable.organisation_id, receivable.origin) == (w.company.pk, f"voucher:{code}")
    # The grant register lists the grant as determined by the proof of use.
    app = Voucher.objects.get(code=code).application
    assert AidAward.objects.get(reference=f"application:{app.pk}").amount == Decimal("3200.00")
    figures = call_budget_figures(call=w.call)
    assert figures["committed"] == Decimal("4142.89")  # the instalments' payouts
    assert figures["available"] == Decimal("200000.00") - Decimal("4142.89")


def test_final_proof_rejects_open_instalments(api_client_for):
    w, code = _world()
    pk = _request(CheckedApi(api_client_for(w.applicant)), code, INV_01).json()["id"]
    proof = _final_proof(w, api_client_for, code)
    assert proof["payout_amount"] == "7096.00" and proof["instalments_paid"] == "0.00"
    assert Instalment.objects.get(pk=pk).status == Instalment.Status.REJECTED
    assert ProofOfUse.objects.get().status == ProofOfUse.Status.ACCEPTED


def test_instalments_over_the_web_pages(client_for):
    w, code = _world(payout_mode="provider")
    company = client_for(w.applicant)
    page = company.get(f"/vouchers/{code}/instalments/")
    assert page.status_code == 200 and page.context["form"] is not None
    response = company.post(
        f"/vouchers/{code}/instalments/", {"invoices": [_file(INV_01), _file(INV_04)]}
    )
    assert response.status_code == 302, response.context["form"].errors
    instalment = Instalment.objects.get()
    assert instalment.invoices.count() == 2
    invoice = instalment.invoices.first()
    stored = company.get(f"/instalments/{instalment.pk}/invoices/{invoice.pk}")
    assert b"".join(stored.streaming_content) == (CORPUS / INV_01).read_bytes()
    queue = client_for(w.caseworker).get("/proofs/")
    assert instalment in list(queue.context["instalments"])
    detail = f"/instalments/{instalment.pk}/"
    response = client_for(w.caseworker).post(
        detail, {"step": "check", "decision": "accept", "eligible_costs": "400,00"}
    )
    assert response.status_code == 302
    response = client_for(w.approver).post(detail, {"step": "decide", "decision": "approve"})
    assert response.status_code == 302
    instalment.refresh_from_db()
    assert (instalment.status, instalment.amount) == ("approved", Decimal("320.00"))
    payout = Payout.objects.get(key=f"instalment:{instalment.pk}")
    assert payout.beneficiary_id == w.provider.pk  # the programme pays the provider
    page = company.get(f"/vouchers/{code}/instalments/")
    assert "320,00" in page.content.decode()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_racing_approvals_pay_the_share_once():

    w, code = _world(share=Decimal("0.1"))  # the share covers one of the two
    company = _client(w.applicant)
    ids = [_request(CheckedApi(company), code, n).json()["id"] for n in (INV_05, INV_18)]
    caseworker = CheckedApi(_client(w.caseworker))
    for pk in ids:
        assert caseworker.post(f"{API}/instalments/{pk}/check", {"accept": True}).status_code == 200
    approvers = [w.approver, UserFactory(role=Role.APPROVER)]
    keys = [api_token_create(user=u)[1] for u in approvers]
    barrier = threading.Barrier(2)
    results: list = []

    def approve(pk, key):
        try:
            client = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
            barrier.wait()
            response = client.post(
                f"{API}/instalments/{pk}/decide", {"approve": True}, content_type="application/json"
            )
            results.append((response.status_code, response.json().get("code")))
        finally:
            connection.close()

    threads = [threading.Thread(target=approve, args=a) for a in zip(ids, keys, strict=True)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results, key=str) == [(200, None), (409, "share_exceeded")]
    assert Instalment.objects.filter(status="approved").count() == 1
    assert _payouts(code) == [Decimal("3200.00")]
    committed = Account.objects.get(pk=call_committed_account(w.call).pk)
    assert committed.balance >= committed.floor
    assert committed.balance == Decimal("32000.00") - Decimal("3200.00")


def _client(user):

    return Client(HTTP_AUTHORIZATION=f"Bearer {api_token_create(user=user)[1]}")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_change_request_and_instalment_racing_on_one_voucher():
    """A decrease of the grant (change request) and the approval of an instalment at
    the same moment: whichever comes second sees the first. The instalment never
    draws more than the share of the grant as it then stands, the grant never goes
    below what was paid, the ledger never below its floor, and nothing is paid twice."""

    w, code = _world()
    voucher = Voucher.objects.get(code=code)
    pk = _request(CheckedApi(_client(w.applicant)), code, INV_18).json()["id"]
    instalment = services.instalment_check(
        actor=w.caseworker, instalment=Instalment.objects.get(pk=pk), accept=True
    )
    assert instalment.amount == Decimal("7096.00")  # 80 % of 8,870
    change = cr_services.change_request_submit(
        actor=w.applicant,
        voucher=voucher,
        kind="costs",
        reason="Der Umfang des Projekts wird kleiner.",
        planned_costs=Decimal("5000.00"),  # grant 4,000: below the instalment
    )
    change = cr_services.change_request_review(
        actor=w.caseworker, change_request=change, note="Begründung nachvollziehbar."
    )
    second_approver = UserFactory(role=Role.APPROVER)
    barrier = threading.Barrier(2)
    outcomes: dict = {}

    def run(name, work):
        try:
            barrier.wait()
            work()
            outcomes[name] = "ok"
        except Exception as exc:  # noqa: BLE001 - the outcome is asserted below
            outcomes[name] = getattr(exc, "code", repr(exc))
        finally:
            connection.close()

    threads = [
        threading.Thread(
            target=run,
            args=(
                "change",
                lambda: cr_services.change_request_decide(
                    actor=w.approver, change_request=change, approve=True
                ),
            ),
        ),
        threading.Thread(
            target=run,
            args=(
                "instalment",
                lambda: services.instalment_decide(
                    actor=second_approver, instalment=instalment, approve=True
                ),
            ),
        ),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    voucher.refresh_from_db()
    paid = sum(_payouts(code), Decimal("0"))
    if outcomes["change"] == "ok":  # the change came first: the share of 4,000 is 3,200
        assert outcomes["instalment"] == "ok" and voucher.amount == Decimal("4000.00")
        assert _payouts(code) == [Decimal("3200.00")]
    else:  # the instalment came first: the grant cannot go below the 7,096 paid
        assert (outcomes, voucher.amount) == (
            {"change": "below_paid", "instalment": "ok"},
            Decimal("32000.00"),
        )
        assert _payouts(code) == [Decimal("7096.00")]
    assert paid <= voucher.amount * w.programme.instalments_share_max
    committed = Account.objects.get(pk=call_committed_account(w.call).pk)
    assert committed.balance >= committed.floor
    assert committed.balance == voucher.amount - paid  # the only voucher of the call


def test_a_lower_grant_lowers_what_instalments_may_draw(api_client_for):

    w, code = _world()
    pk = _request(CheckedApi(api_client_for(w.applicant)), code, INV_18).json()["id"]
    checked = CheckedApi(api_client_for(w.caseworker)).post(
        f"{API}/instalments/{pk}/check", {"accept": True}
    )
    assert checked.json()["amount"] == "7096.00"
    change = cr_services.change_request_submit(
        actor=w.applicant,
        voucher=Voucher.objects.get(code=code),
        kind="costs",
        reason="Der Umfang des Projekts wird kleiner.",
        planned_costs=Decimal("5000.00"),
    )
    change = cr_services.change_request_review(actor=w.caseworker, change_request=change, note="ok")
    cr_services.change_request_decide(actor=w.approver, change_request=change, approve=True)

    decided = CheckedApi(api_client_for(UserFactory(role=Role.APPROVER))).post(
        f"{API}/instalments/{pk}/decide", {"approve": True}
    )
    assert decided.status_code == 200 and decided.json()["amount"] == "3200.00"  # 80 % of 4,000
    assert _payouts(code) == [Decimal("3200.00")]


def test_instalment_invoices_are_in_the_data_export(api_client_for):
    from kivoucher.organizations.gdpr import export_files

    w, code = _world()
    assert _request(CheckedApi(api_client_for(w.applicant)), code, INV_01).status_code == 201
    invoice = Instalment.objects.get().invoices.get()
    for org in (w.company, w.provider):
        assert invoice in export_files(organisation=org)
    other, _code = _world()
    assert invoice not in export_files(organisation=other.company)


def test_a_cancelled_instalment_payout_frees_the_share_and_is_not_deducted(api_client_for):
    w, code = _world(share=Decimal("0.1"))
    first = _approved(w, api_client_for, code, INV_05)  # 3,200: the whole share
    payout = Payout.objects.get(key=f"instalment:{first['id']}")
    payout_cancel(actor=w.admin, payout=payout, reason="IBAN des Empfängers erloschen.")
    cancelled = CheckedApi(api_client_for(w.applicant)).get(f"{API}/instalments/{first['id']}")
    assert cancelled.json()["status"] == "cancelled"
    listing = CheckedApi(api_client_for(w.applicant)).get(f"{API}/vouchers/{code}/instalments")
    assert listing.json()["figures"]["available"] == "3200.00"  # the share is free again
    assert listing.json()["figures"]["count"] == 0
    # The same invoice may be claimed again; the final proof deducts nothing cancelled.
    second = _approved(w, api_client_for, code, INV_01)
    assert second["amount"] == "251.89"  # 80 % of 314.86
    proof = _final_proof(w, api_client_for, code)
    assert (proof["instalments_paid"], proof["payout_amount"]) == ("251.89", "6844.11")
    # The payouts left the committed account, the rest went back: nothing stays.
    assert Account.objects.get(pk=call_committed_account(w.call).pk).balance == Decimal("0.00")
    assert _payouts(code) == [Decimal("251.89"), Decimal("3200.00"), Decimal("6844.11")]
    assert Payout.objects.get(key=f"instalment:{first['id']}").status == "cancelled"


def test_expiry_without_proof_claims_the_instalments_back(api_client_for):
    w, code = _world()
    _approved(w, api_client_for, code, INV_05)  # 3,795.00
    voucher = Voucher.objects.get(code=code)
    with pytest.raises(Conflict) as refused:  # the company cannot withdraw any more
        application_withdraw(actor=w.applicant, application=voucher.application, reason="x")
    assert refused.value.code == "invalid_transition"
    Voucher.objects.filter(pk=voucher.pk).update(
        valid_until=timezone.localdate() - timedelta(days=1)
    )
    assert [v.code for v in vouchers_expire()] == [code]
    receivable = Receivable.objects.get()
    assert (receivable.amount, receivable.origin) == (Decimal("3795.00"), f"voucher:{code}")
    # Only the unpaid part of the commitment went back to the call's budget.
    assert Account.objects.get(pk=call_committed_account(w.call).pk).balance == Decimal("0.00")
    figures = call_budget_figures(call=w.call)
    assert figures["available"] == Decimal("200000.00") - Decimal("3795.00")
