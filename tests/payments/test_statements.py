"""Bank statements (camt.053, issue 16 item 4): the statement the bank writes for an
exported pain.001 file pays every payout; returns reopen them; incoming payments go to
their domain; nothing is confirmed on a mismatch; a second import changes nothing."""

import io
from datetime import date
from decimal import Decimal

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from kivoucher.core.models import AuditEvent
from kivoucher.ledger.models import Account, Transfer
from kivoucher.ledger.selectors import PAYOUT_PAID, payouts_each, payouts_paid_totals
from kivoucher.organizations.models import Organisation
from kivoucher.payments import incoming
from kivoucher.payments.models import PaymentBatch, Payout
from kivoucher.payments.services import payout_release, sepa_batch_create
from tests.payments.camt_writer import Booking, bookings_of_pain001, camt053
from tests.payments.world import payout_world

pytestmark = pytest.mark.django_db
V1 = "/api/v1/payments"


def _exported(w, n=3):
    payouts = [w.payout(i, amount=f"{100 * i}.50", org=(i - 1) % 3) for i in range(1, n + 1)]
    for payout in payouts:
        payout_release(actor=w.approver, payout=payout)
    return payouts


def _statuses() -> dict[str, str]:
    return dict(Payout.objects.values_list("end_to_end_id", "status"))


def _import(path) -> list[list[str]]:
    out = io.StringIO()
    call_command("import_camt", str(path), stdout=out, stderr=io.StringIO())
    return [line.split("\t") for line in out.getvalue().splitlines()]


def test_the_statement_of_an_exported_file_pays_every_payout_once(tmp_path):
    w = payout_world()
    payouts = _exported(w)
    pain = tmp_path / "pain.xml"
    call_command("export_sepa", "-o", str(pain), stderr=io.StringIO())
    statement = tmp_path / "camt.xml"
    statement.write_bytes(camt053(bookings_of_pain001(pain.read_text())))

    lines = _import(statement)
    assert [line[:2] for line in lines] == [["matched", "payout"]] * 3
    assert set(_statuses().values()) == {"paid"}
    assert Account.objects.get(code="payments:outgoing").balance == 0
    assert Account.objects.get(code="payments:bank").balance == sum(p.amount for p in payouts)
    assert PaymentBatch.objects.get().status == "paid"
    transfers, events = Transfer.objects.count(), AuditEvent.objects.count()
    again = _import(statement)
    assert [line[0] for line in again] == ["already_matched"] * 3
    assert Transfer.objects.filter(kind=PAYOUT_PAID).count() == 3
    assert Transfer.objects.count() == transfers
    # only the import itself is recorded
    assert AuditEvent.objects.count() == events + 1


def test_a_mismatch_confirms_nothing_and_the_api_takes_xml_or_a_file(api_client_for):
    w = payout_world()
    first, second = _exported(w, 2)
    batch = sepa_batch_create(actor=w.admin)
    bookings = bookings_of_pain001(batch.xml)
    bookings[1].amount += Decimal("0.01")
    bookings.append(Booking(Decimal("5.00"), credit=False, reference="FEE1", remittance="Gebühr"))
    data = camt053(bookings)

    staff = api_client_for(w.caseworker)
    response = staff.post(f"{V1}/bank-statements", data, content_type="application/xml")
    assert response.status_code == 200, response.content
    body = response.json()
    assert [e["result"] for e in body["entries"]] == ["matched", "amount_differs", "unknown"]
    assert body["entries"][0]["payout"] == first.pk
    assert body["counts"]["matched"] == 1 and body["counts"]["amount_differs"] == 1
    assert _statuses() == {first.end_to_end_id: "paid", second.end_to_end_id: "exported"}
    batch.refresh_from_db()
    assert batch.status == "exported"  # one payout still at the bank

    # the corrected statement (another bank reference) as a multipart file
    bookings[1] = bookings_of_pain001(batch.xml)[1]
    bookings[1].reference = "BNK-CORR"
    upload = SimpleUploadedFile("camt.xml", camt053(bookings), "application/xml")
    response = staff.post(f"{V1}/bank-statements", {"file": upload})
    assert response.status_code == 200, response.content
    results = [e["result"] for e in response.json()["entries"]]
    assert results == ["already_matched", "matched", "unknown"]
    assert set(_statuses().values()) == {"paid"}
    batch.refresh_from_db()
    assert batch.status == "paid"

    refused = api_client_for(w.members[0]).post(
        f"{V1}/bank-statements", data, content_type="application/xml"
    )
    assert refused.status_code == 403
    broken = staff.post(f"{V1}/bank-statements", b"<x/>", content_type="application/xml")
    assert (broken.status_code, broken.json()["code"]) == (400, "camt_invalid")


def test_a_return_reopens_the_payout_and_it_goes_out_again_to_new_details(
    api_client_for, django_capture_on_commit_callbacks
):
    w = payout_world()
    payout, other = _exported(w, 2)
    batch = sepa_batch_create(actor=w.admin)
    paid = camt053(bookings_of_pain001(batch.xml), message_id="S1")
    staff = api_client_for(w.caseworker)
    staff.post(f"{V1}/bank-statements", paid, content_type="application/xml")
    assert Account.objects.get(code="payments:bank").balance == Decimal("301.00")

    # the next statement: the bank returns the first transfer, account closed (AC04)
    returned = camt053(
        [
            Booking(
                payout.amount,
                credit=True,
                reference="RET1",
                end_to_end_id=payout.end_to_end_id,
                return_code="AC04",
                remittance="RETOURE " + payout.remittance,
            )
        ],
        message_id="S2",
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = staff.post(f"{V1}/bank-statements", returned, content_type="application/xml")
    assert [(e["kind"], e["result"]) for e in response.json()["entries"]] == [("return", "matched")]
    payout.refresh_from_db()
    assert (payout.status, payout.return_code) == ("returned", "AC04")
    assert Account.objects.get(code="payments:bank").balance == other.amount
    assert Account.objects.get(code="payments:outgoing").balance == payout.amount
    assert _paid_figure() == other.amount  # a returned payout is not paid
    [asked] = [m for m in mail.outbox if w.members[0].email in m.to]
    assert payout.iban in asked.body and "AC04" in asked.body
    # importing the return again changes nothing
    again = staff.post(f"{V1}/bank-statements", returned, content_type="application/xml")
    assert again.json()["entries"][0]["result"] == "already_matched"

    # the same bank details: refused; new details: prepared again, with a new end-to-end id
    url = f"{V1}/payouts/{payout.pk}/prepare-again"
    same = staff.post(url)
    assert (same.status_code, same.json()["code"]) == (409, "bank_details_unchanged")
    Organisation.objects.filter(pk=w.orgs[0].pk).update(iban="DE75512108001245126199")
    old_e2e = payout.end_to_end_id
    again = staff.post(url)
    assert again.status_code == 200, again.content
    assert again.json()["status"] == "prepared" and again.json()["end_to_end_id"] != old_e2e
    assert again.json()["iban"] == "DE75512108001245126199"
    payout.refresh_from_db()
    payout_release(actor=w.approver, payout=payout)
    second = sepa_batch_create(actor=w.admin)
    response = staff.post(
        f"{V1}/bank-statements",
        camt053(bookings_of_pain001(second.xml, prefix="B2"), message_id="S3"),
        content_type="application/xml",
    )
    assert response.json()["entries"][0]["result"] == "matched"
    payout.refresh_from_db()
    assert (payout.status, payout.attempt) == ("paid", 2)
    assert Account.objects.get(code="payments:outgoing").balance == 0
    assert Account.objects.get(code="payments:bank").balance == payout.amount + other.amount
    assert _paid_figure() == payout.amount + other.amount  # paid again: counted once


def test_a_returned_payout_can_be_cancelled_back_to_its_account(api_client_for):
    w = payout_world()
    (payout,) = _exported(w, 1)
    batch = sepa_batch_create(actor=w.admin)
    [booking] = bookings_of_pain001(batch.xml)
    booking.credit, booking.return_code, booking.reference = True, "AC01", "RET9"
    staff = api_client_for(w.caseworker)
    response = staff.post(f"{V1}/bank-statements", camt053([booking]), "application/xml")
    assert response.json()["entries"][0]["result"] == "matched"
    response = staff.post(
        f"{V1}/payouts/{payout.pk}/cancel", {"reason": "Firma erloschen"}, "application/json"
    )
    assert response.json()["status"] == "cancelled"
    assert Account.objects.get(code="grants").balance == Decimal("100000")
    assert Account.objects.get(code="payments:outgoing").balance == 0
    assert _paid_figure() == 0  # paid, returned, cancelled: never paid in the figures
    assert payouts_each(source_ids=[Account.objects.get(code="grants").pk]) == []


def _paid_figure() -> Decimal:
    """What the figures (calls, public statistics) count as paid out of the grants."""
    source = Account.objects.get(code="grants").pk
    return sum((amount for _d, _s, amount in payouts_paid_totals(source_ids=[source])), Decimal(0))


@pytest.fixture
def repayments():
    """A domain's handler of `KIV-TS-<digits>` references (like recovery's `RF`)."""
    booked: dict[str, tuple] = {}
    expected = {"KIV-TS-42": Decimal("80.00")}

    @incoming.incoming_register("TS")
    def handler(entry):
        if entry.reference not in expected:
            return incoming.UNKNOWN
        if entry.entry_id in booked:
            return incoming.ALREADY_MATCHED
        if entry.amount != expected[entry.reference]:
            return incoming.AMOUNT_DIFFERS
        booked[entry.entry_id] = (entry.reference, entry.amount, entry.booked_on)
        return incoming.MATCHED

    yield booked
    incoming._handlers.pop("TS")


def test_incoming_payments_go_to_the_domain_of_their_reference(api_client_for, repayments):
    w = payout_world()
    bookings = [
        Booking(Decimal("80.00"), True, "IN1", remittance="Rueckzahlung KIV-TS-42 Danke"),
        Booking(Decimal("79.00"), True, "IN2", remittance="KIV-TS-42"),
        Booking(Decimal("10.00"), True, "IN3", remittance="KIV-TS-7"),
        Booking(Decimal("12.00"), True, "IN4", remittance="Spende"),
    ]
    staff = api_client_for(w.caseworker)
    body = staff.post(f"{V1}/bank-statements", camt053(bookings), "application/xml").json()
    assert [(e["result"], e["reference"]) for e in body["entries"]] == [
        ("matched", "KIV-TS-42"),
        ("amount_differs", "KIV-TS-42"),
        ("unknown", "KIV-TS-7"),
        ("unknown", ""),
    ]
    assert list(repayments.values()) == [("KIV-TS-42", Decimal("80.00"), date(2026, 12, 1))]
    body = staff.post(f"{V1}/bank-statements", camt053(bookings), "application/xml").json()
    assert body["entries"][0]["result"] == "already_matched"
    assert len(repayments) == 1


def test_presale_purchases_are_matched_by_the_one_import(api_client_for):
    from kivoucher.presale.models import Purchase
    from kivoucher.presale.services import purchase_create
    from tests.presale.factories import make_buyer, make_offer

    w = payout_world()
    offer = make_offer()
    org, buyer = make_buyer()
    purchase = purchase_create(actor=buyer, offer=offer, buyer=org, kind="hours", unit_hours=40)
    spaced = purchase.reference.replace("-", " ")
    booking = Booking(purchase.amount, True, "PS1", remittance=f"Vorverkauf {spaced}")
    body = (
        api_client_for(w.caseworker)
        .post(f"{V1}/bank-statements", camt053([booking]), "application/xml")
        .json()
    )
    assert [(e["kind"], e["result"]) for e in body["entries"]] == [("incoming", "matched")]
    assert body["entries"][0]["reference"] == purchase.reference
    assert Purchase.objects.get(pk=purchase.pk).status != Purchase.Status.PENDING
