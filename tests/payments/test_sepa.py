import io
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from django.core.management import call_command

from kivoucher.core.errors import DomainError
from kivoucher.ledger.models import Account
from kivoucher.ledger.services import account_get_or_create, transfer_create
from kivoucher.payments.models import PaymentBatch, Payout
from kivoucher.payments.services import payout_create, sepa_batch_create, sepa_batch_mark_paid
from tests.factories import OrganisationFactory
from tests.payments.factories import payouts_release_all

pytestmark = pytest.mark.django_db
NS = {"p": "urn:iso:std:iso:20022:tech:xsd:pain.001.001.03"}


@pytest.fixture
def source():
    world = account_get_or_create(code="world", name="World", floor=None)
    account = account_get_or_create(code="grants", name="Grants")
    transfer_create(
        key="fund", source=world, destination=account, amount=Decimal("1000"), kind="fund"
    )
    return account


def _ten_euros(source, org):
    """The payout "p1" of 10 EUR to `org` (the same key each time: idempotent)."""
    return payout_create(
        actor=None,
        key="p1",
        origin="x",
        beneficiary=org,
        amount=Decimal("10"),
        source_account=source,
        remittance="r",
    )


def test_payouts_are_exported_as_valid_pain001_and_paid(source):
    a = OrganisationFactory(name="Bäckerei Groß GmbH", iban="DE89 3704 0044 0532 0130 00")
    b = OrganisationFactory(iban="DE02120300000000202051", bic="BYLADEM1001")
    payout_create(
        actor=None,
        key="p1",
        origin="project:1",
        beneficiary=a,
        amount=Decimal("120.50"),
        source_account=source,
        remittance="KI-Voucher 1",
    )
    payout_create(
        actor=None,
        key="p2",
        origin="project:2",
        beneficiary=b,
        amount=Decimal("79.50"),
        source_account=source,
        remittance="KI-Voucher 2",
    )
    assert Account.objects.get(code="payments:outgoing").balance == Decimal("200.00")
    assert sepa_batch_create(actor=None) is None  # nothing released yet

    payouts_release_all()
    batch = sepa_batch_create(actor=None)
    root = ET.fromstring(batch.xml)
    assert root.find(".//p:GrpHdr/p:NbOfTxs", NS).text == "2"
    assert root.find(".//p:GrpHdr/p:CtrlSum", NS).text == "200.00"
    ibans = [e.text for e in root.findall(".//p:CdtrAcct/p:Id/p:IBAN", NS)]
    assert ibans == ["DE89370400440532013000", "DE02120300000000202051"]
    assert sepa_batch_create(actor=None) is None  # nothing released any more

    sepa_batch_mark_paid(actor=None, batch=batch)
    assert set(Payout.objects.values_list("status", flat=True)) == {"paid"}
    assert Account.objects.get(code="payments:outgoing").balance == 0
    with pytest.raises(DomainError):
        sepa_batch_mark_paid(actor=None, batch=batch)


def test_invalid_iban_is_refused_and_nothing_moves(source):
    org = OrganisationFactory(iban="")
    with pytest.raises(DomainError, match="IBAN"):
        payout_create(
            actor=None,
            key="p1",
            origin="x",
            beneficiary=org,
            amount=Decimal("10"),
            source_account=source,
            remittance="r",
            iban="DE00123456781234567890",
        )
    source.refresh_from_db()
    assert source.balance == Decimal("1000") and not Payout.objects.exists()


def test_payout_is_idempotent_by_key(source):
    org = OrganisationFactory()
    first = _ten_euros(source, org)
    again = _ten_euros(source, org)
    assert first.pk == again.pk
    source.refresh_from_db()
    assert source.balance == Decimal("990")


def test_export_sepa_command_writes_the_file_and_marks_paid(source, tmp_path):
    org = OrganisationFactory()
    _ten_euros(source, org)
    target = tmp_path / "batch.xml"
    err = io.StringIO()
    call_command("export_sepa", output=str(target), stderr=err)
    assert "No released payouts." in err.getvalue() and not target.exists()
    payouts_release_all()
    call_command("export_sepa", output=str(target), stderr=io.StringIO())
    assert "CstmrCdtTrfInitn" in target.read_text()
    batch = PaymentBatch.objects.get()
    call_command("export_sepa", mark_paid=batch.message_id, stdout=io.StringIO())
    batch.refresh_from_db()
    assert batch.status == "paid"


def test_payout_and_batch_statuses_follow_their_tables_and_are_audited(source):
    from kivoucher.core.audit import audit_history
    from kivoucher.core.errors import Conflict
    from kivoucher.core.workflow import transition

    org = OrganisationFactory(iban="DE02120300000000202051")
    payout = _ten_euros(source, org)
    with pytest.raises(Conflict) as exc:  # prepared -> paid skips release and batch
        transition(payout, Payout.Status.PAID, actor=None)
    assert exc.value.code == "invalid_transition"
    approver = payouts_release_all()[0].released_by
    batch = sepa_batch_create(actor=None)
    sepa_batch_mark_paid(actor=None, batch=batch)
    payout.refresh_from_db()
    assert payout.batch == batch and payout.paid_at is not None
    assert [(e.action, e.old_state, e.new_state) for e in audit_history(payout)] == [
        ("payout.create", "", "prepared"),
        ("payments.payout.released", "prepared", "released"),
        ("payments.payout.exported", "released", "exported"),
        ("payments.payout.paid", "exported", "paid"),
    ]
    assert audit_history(payout)[1].actor == approver
    assert [e.action for e in audit_history(batch)] == [
        "payment_batch.export",
        "payments.paymentbatch.paid",
    ]
