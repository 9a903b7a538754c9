"""Payout release by a second person, cancellation, held batches (issue 16, item 3),
end to end over HTTP."""

import io
from decimal import Decimal

import pytest
from django.core.management import call_command

from kivoucher.core.audit import audit_history
from kivoucher.ledger.models import Account
from kivoucher.payments.models import PaymentBatch, Payout
from kivoucher.payments.services import payout_release, sepa_batch_create
from tests.payments.world import payout_world

pytestmark = pytest.mark.django_db
V1 = "/api/v1/payments"
CONTRACT = {
    "id",
    "status",
    "amount",
    "creditor",
    "iban",
    "purpose",
    "end_to_end_id",
    "prepared_by",
    "released_by",
}


def _balance(code: str) -> Decimal:
    return Account.objects.get(code=code).balance


def test_a_second_person_releases_and_the_preparer_is_refused(api_client_for):
    w = payout_world()
    payout = w.payout(1)
    by_approver = w.payout(2, actor="approver")
    assert payout.status == "prepared" and payout.prepared_by == w.caseworker

    listed = api_client_for(w.auditor).get(f"{V1}/payouts?status=prepared")
    assert listed.status_code == 200
    body = {p["id"]: p for p in listed.json()}
    assert set(body) == {payout.pk, by_approver.pk}
    assert CONTRACT <= set(body[payout.pk])
    assert body[payout.pk]["prepared_by"] == w.caseworker.pk
    assert body[payout.pk]["released_by"] is None
    assert api_client_for(w.auditor).get(f"{V1}/payouts?status=bogus").status_code == 400

    # the caseworker who prepared it is no approver; the approver who prepared one: four eyes
    refused = api_client_for(w.caseworker).post(f"{V1}/payouts/{payout.pk}/release")
    assert refused.status_code == 403
    own = api_client_for(w.approver).post(f"{V1}/payouts/{by_approver.pk}/release")
    assert (own.status_code, own.json()["code"]) == (403, "four_eyes")
    assert api_client_for(w.auditor).post(f"{V1}/payouts/{payout.pk}/release").status_code == 403
    # a member of the beneficiary sees the payout but does not release it
    assert api_client_for(w.members[0]).post(f"{V1}/payouts/{payout.pk}/release").status_code in (
        403,
        404,
    )

    ok = api_client_for(w.approver).post(f"{V1}/payouts/{payout.pk}/release")
    assert ok.status_code == 200, ok.content
    assert (ok.json()["status"], ok.json()["released_by"]) == ("released", w.approver.pk)
    again = api_client_for(w.second_approver).post(f"{V1}/payouts/{payout.pk}/release")
    assert (again.status_code, again.json()["code"]) == (409, "invalid_transition")
    ok = api_client_for(w.second_approver).post(f"{V1}/payouts/{by_approver.pk}/release")
    assert ok.status_code == 200

    detail = api_client_for(w.members[0]).get(f"{V1}/payouts/{payout.pk}")
    assert detail.status_code == 200 and detail.json()["status"] == "released"
    assert [e.action for e in audit_history(payout)] == [
        "payout.create",
        "payments.payout.released",
    ]


def test_export_sepa_exports_released_payouts_only(tmp_path):
    w = payout_world()
    released = w.payout(1)
    prepared = w.payout(2, org=1)
    payout_release(actor=w.approver, payout=released)
    target = tmp_path / "pain.xml"
    call_command("export_sepa", output=str(target), stderr=io.StringIO())
    xml = target.read_text()
    assert released.end_to_end_id in xml and prepared.end_to_end_id not in xml
    released.refresh_from_db()
    prepared.refresh_from_db()
    assert (released.status, prepared.status) == ("exported", "prepared")
    assert released.batch.status == "exported" and released.batch.count == 1


def test_cancel_with_reasons_puts_the_money_back(api_client_for):
    w = payout_world()
    payout = w.payout(1, amount="250.00")
    exported = w.payout(2, org=1)
    payout_release(actor=w.approver, payout=exported)
    sepa_batch_create(actor=w.admin)
    assert _balance("grants") == Decimal("100000") - Decimal("350.00")

    url = f"{V1}/payouts/{payout.pk}/cancel"
    no_reason = api_client_for(w.caseworker).post(url, {"reason": " "}, "application/json")
    assert (no_reason.status_code, no_reason.json()["code"]) == (400, "reason_missing")
    auditor = api_client_for(w.auditor).post(url, {"reason": "x"}, "application/json")
    assert auditor.status_code == 403
    ok = api_client_for(w.caseworker).post(url, {"reason": "Doppelt erfasst."}, "application/json")
    assert ok.status_code == 200, ok.content
    assert ok.json()["status"] == "cancelled" and ok.json()["reason"] == "Doppelt erfasst."
    assert _balance("grants") == Decimal("100000") - Decimal("100.00")
    assert _balance("payments:outgoing") == Decimal("100.00")

    at_bank = api_client_for(w.caseworker).post(
        f"{V1}/payouts/{exported.pk}/cancel", {"reason": "zu spät"}, "application/json"
    )
    assert (at_bank.status_code, at_bank.json()["code"]) == (409, "invalid_transition")
    again = api_client_for(w.caseworker).post(url, {"reason": "noch mal"}, "application/json")
    assert again.status_code == 409
    assert _balance("grants") == Decimal("100000") - Decimal("100.00")  # returned once


def test_a_held_batch_is_exported_only_when_released_for_export(client_for):
    w = payout_world()
    first, second, third = (w.payout(n, org=n - 1) for n in (1, 2, 3))
    for payout in (first, second, third):
        payout_release(actor=w.approver, payout=payout)
    staff = client_for(w.admin)

    response = staff.post("/payments/batches/new/", {"hold": "1"})
    assert response.status_code == 302
    batch = PaymentBatch.objects.get()
    assert (batch.status, batch.count, batch.xml) == ("held", 3, "")
    assert set(batch.payouts.values_list("status", flat=True)) == {"released"}
    # held back: export-sepa does not send them
    err = io.StringIO()
    call_command("export_sepa", stdout=io.StringIO(), stderr=err)
    assert "No released payouts." in err.getvalue()

    page = staff.get(f"/payments/batches/{batch.pk}/")
    assert page.status_code == 200 and second.end_to_end_id in page.content.decode()
    staff.post(f"/payments/batches/{batch.pk}/take-out/{second.pk}/")
    second.refresh_from_db()
    assert (second.status, second.batch) == ("released", None)
    batch.refresh_from_db()
    assert (batch.count, batch.total) == (2, Decimal("200.00"))

    staff.post(f"/payments/batches/{batch.pk}/export/")
    batch.refresh_from_db()
    assert batch.status == "exported" and batch.exported_by == w.admin
    assert first.end_to_end_id in batch.xml and second.end_to_end_id not in batch.xml
    xml = staff.get(f"/payments/batches/{batch.pk}/pain001.xml")
    assert xml.status_code == 200 and third.end_to_end_id.encode() in xml.content
    assert [e.action for e in audit_history(batch)] == [
        "payment_batch.hold",
        "payment_batch.take_out",
        "payments.paymentbatch.exported",
    ]

    # the payout taken out goes with the next batch; a held batch can be discarded
    later = sepa_batch_create(actor=w.admin, hold=True)
    assert list(later.payouts.all()) == [second]
    staff.post(f"/payments/batches/{later.pk}/discard/")
    later.refresh_from_db()
    second.refresh_from_db()
    assert (later.status, second.batch, second.status) == ("discarded", None, "released")
    listed = client_for(w.auditor).get("/payments/payouts/")
    assert listed.status_code == 200


def test_the_release_queue_page(client_for):
    w = payout_world()
    mine = w.payout(1, actor="approver")
    other = w.payout(2, org=1)

    page = client_for(w.approver).get("/payments/payouts/").content.decode()
    assert f"/payments/payouts/{other.pk}/release/" in page
    assert f"/payments/payouts/{mine.pk}/release/" not in page
    assert "a second person must release it" in page or "muss sie freigeben" in page

    # posting one's own release anyway: refused with the four-eyes message, nothing changes
    response = client_for(w.approver).post(f"/payments/payouts/{mine.pk}/release/", follow=True)
    assert response.status_code == 200
    mine.refresh_from_db()
    assert mine.status == "prepared"
    assert client_for(w.caseworker).post(f"/payments/payouts/{other.pk}/release/").status_code == (
        403
    )
    assert client_for(w.members[0]).get("/payments/payouts/").status_code == 403

    response = client_for(w.second_approver).post(f"/payments/payouts/{mine.pk}/release/")
    assert response.status_code == 302
    mine.refresh_from_db()
    assert (mine.status, mine.released_by) == ("released", w.second_approver)
    auditor_page = client_for(w.auditor).get("/payments/payouts/").content.decode()
    assert "/release/" not in auditor_page and "/cancel/" not in auditor_page


def test_payouts_made_before_the_release_are_prepared_by_the_system():
    w = payout_world()
    payout = w.payout(1, actor=None)
    assert payout.prepared_by is None
    # any approver may release it; nobody prepared it
    assert payout_release(actor=w.approver, payout=payout).status == Payout.Status.RELEASED
