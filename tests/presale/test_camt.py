from decimal import Decimal
from pathlib import Path

import pytest

from kivoucher.core.errors import DomainError
from kivoucher.presale.camt import bank_statement_import, camt053_parse
from kivoucher.presale.models import Purchase
from kivoucher.presale.services import purchase_create
from tests.presale.factories import make_buyer, make_offer, make_staff

SAMPLE = Path(__file__).parent / "data" / "camt053_sample.xml"


def statement_for(p1, p2, p3) -> bytes:
    """The sample statement filled with the references and amounts of three orders."""
    text = SAMPLE.read_text()
    ref1 = p1.reference.replace("-", " ", 1).lower()  # banks mangle case and spaces
    return (
        text.replace("{AMOUNT_1}", str(p1.amount))
        .replace("{REF_1_SPACED}", ref1)
        .replace("{AMOUNT_2}", str(p2.amount))
        .replace("{REF_2}", p2.reference)
        .replace("{AMOUNT_3_WRONG}", str(p3.amount - 1))
        .replace("{REF_3}", p3.reference)
        .replace("{CLOSING}", "400000.00")
        .encode()
    )


def test_parse_reads_entries_of_a_namespaced_statement():
    statement = camt053_parse(
        SAMPLE.read_text()
        .replace("{AMOUNT_1}", "7500.00")
        .replace("{REF_1_SPACED}", "KIV-PS-ABCD-EFGH")
        .replace("{AMOUNT_2}", "1.00")
        .replace("{REF_2}", "X")
        .replace("{AMOUNT_3_WRONG}", "2.00")
        .replace("{REF_3}", "Y")
        .replace("{CLOSING}", "1.00")
        .encode()
    )
    assert statement.message_id == "053D2026112900000000001"
    assert statement.iban == "DE12500105170648489890"
    assert len(statement.entries) == 5
    first = statement.entries[0]
    assert (
        first.amount == Decimal("7500.00")
        and first.credit
        and first.reference == ("KIV-PS-ABCD-EFGH")
    )
    assert first.debtor_name == "Hansa Logistik AG"
    assert not statement.entries[-1].credit


def test_parse_refuses_entities_and_other_documents():
    bomb = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><Document>&a;</Document>'
    with pytest.raises(DomainError):
        camt053_parse(bomb)
    with pytest.raises(DomainError):
        camt053_parse(b"<Document><Other/></Document>")


@pytest.mark.django_db
def test_import_confirms_exact_matches_and_reports_the_rest():
    offer = make_offer()
    (o1, u1), (o2, u2), (o3, u3) = make_buyer(), make_buyer(), make_buyer()
    p1 = purchase_create(actor=u1, offer=offer, buyer=o1, kind="hours", unit_hours=2)
    p2 = purchase_create(actor=u2, offer=offer, buyer=o2, kind="hours", unit_hours=1)
    p3 = purchase_create(actor=u3, offer=offer, buyer=o3, kind="hours", unit_hours=1)
    staff = make_staff()
    report = bank_statement_import(actor=staff, data=statement_for(p1, p2, p3))
    outcomes = [line.outcome for line in report.lines]
    assert outcomes == ["confirmed", "confirmed", "unknown_reference", "amount_mismatch", "debit"]
    assert Purchase.objects.get(pk=p1.pk).sequence == 1
    assert Purchase.objects.get(pk=p2.pk).sequence == 2
    assert Purchase.objects.get(pk=p3.pk).status == "pending"
    # importing the same statement again confirms nothing twice
    again = bank_statement_import(actor=staff, data=statement_for(p1, p2, p3))
    assert again.count("already_confirmed") == 2 and again.count("confirmed") == 0


BATCH = Path(__file__).parent / "data" / "camt053_batch.xml"


def batch_statement(amount_1, ref_1, amount_2, ref_2, amount_3, ref_3, batch_total=None):
    """One batch entry with two transfers (amounts per transaction) and a single one."""
    total = batch_total if batch_total is not None else amount_1 + amount_2
    return (
        BATCH.read_text()
        .replace("{TOTAL_BATCH}", str(total))
        .replace("{TOTAL_ALL}", str(total + amount_3))
        .replace("{AMOUNT_1}", str(amount_1))
        .replace("{REF_1}", ref_1)
        .replace("{AMOUNT_2}", str(amount_2))
        .replace("{REF_2}", ref_2)
        .replace("{AMOUNT_3}", str(amount_3))
        .replace("{REF_3}", ref_3)
        .replace("{CLOSING}", "400000.00")
        .encode()
    )


def test_parse_takes_each_transaction_amount_of_a_batch_booking():
    statement = camt053_parse(
        batch_statement(
            Decimal("7500.00"),
            "KIV-PS-AAAA-BBBB",
            Decimal("15000.00"),
            "KIV-PS-CCCC-DDDD",
            Decimal("2500.00"),
            "KIV-PS-EEEE-FFFF",
        )
    )
    amounts = [(e.reference, e.amount, e.currency) for e in statement.entries]
    assert amounts == [
        ("KIV-PS-AAAA-BBBB", Decimal("7500.00"), "EUR"),  # TxAmt
        ("KIV-PS-CCCC-DDDD", Decimal("15000.00"), "EUR"),  # InstdAmt only
        ("KIV-PS-EEEE-FFFF", Decimal("2500.00"), "EUR"),  # one transaction: the entry's
    ]
    assert statement.entries[1].end_to_end_id == "E2E-SAXROB-0017"
    assert statement.entries[0].bank_reference == "2026120100200001-1"


def test_a_batch_transaction_without_its_own_amount_is_not_given_the_entry_total():
    data = (
        batch_statement(
            Decimal("7500.00"),
            "KIV-PS-AAAA-BBBB",
            Decimal("15000.00"),
            "KIV-PS-CCCC-DDDD",
            Decimal("2500.00"),
            "KIV-PS-EEEE-FFFF",
        )
        .decode()
        .replace('<InstdAmt><Amt Ccy="EUR">15000.00</Amt></InstdAmt>', "")
        .encode()
    )
    statement = camt053_parse(data)
    assert statement.entries[1].amount is None and statement.entries[0].amount == Decimal("7500")


@pytest.mark.django_db
def test_import_confirms_both_transfers_of_a_batch_booking():
    offer = make_offer()
    (o1, u1), (o2, u2), (o3, u3) = make_buyer(), make_buyer(), make_buyer()
    p1 = purchase_create(actor=u1, offer=offer, buyer=o1, kind="hours", unit_hours=1)
    p2 = purchase_create(actor=u2, offer=offer, buyer=o2, kind="hours", unit_hours=2)
    p3 = purchase_create(actor=u3, offer=offer, buyer=o3, kind="hours", unit_hours=3)
    assert (p1.amount, p2.amount) == (Decimal("7500.00"), Decimal("15000.00"))
    data = batch_statement(
        p1.amount, p1.reference, p2.amount, p2.reference, p3.amount, p3.reference
    )
    report = bank_statement_import(actor=make_staff(), data=data)
    assert [line.outcome for line in report.lines] == ["confirmed"] * 3
    assert [line.entry.amount for line in report.lines] == [p1.amount, p2.amount, p3.amount]
    assert Purchase.objects.get(pk=p2.pk).status == "confirmed"


@pytest.mark.django_db
def test_import_reports_a_batch_transaction_without_amount_for_a_person():
    offer = make_offer()
    (o1, u1), (o2, u2) = make_buyer(), make_buyer()
    p1 = purchase_create(actor=u1, offer=offer, buyer=o1, kind="hours", unit_hours=1)
    p2 = purchase_create(actor=u2, offer=offer, buyer=o2, kind="hours", unit_hours=2)
    data = (
        batch_statement(p1.amount, p1.reference, p2.amount, p2.reference, Decimal("1"), "X")
        .decode()
        .replace(f'<InstdAmt><Amt Ccy="EUR">{p2.amount}</Amt></InstdAmt>', "")
        .encode()
    )
    report = bank_statement_import(actor=make_staff(), data=data)
    assert [line.outcome for line in report.lines] == [
        "confirmed",
        "amount_missing",
        "unknown_reference",
    ]
    assert Purchase.objects.get(pk=p2.pk).status == "pending"
    assert report.lines[1] in report.to_check
