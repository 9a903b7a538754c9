"""Payouts: money leaves a programme account through the ledger into the
outgoing-payments clearing account, is exported in a SEPA pain.001 batch, and
reaches the bank (an outside-world account) when the batch is marked paid."""

import secrets
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from schwifty import BIC, IBAN
from schwifty.exceptions import SchwiftyException
from sepaxml import SepaTransfer

from kivoucher.core.audit import audit_record
from kivoucher.core.errors import Conflict, DomainError
from kivoucher.core.money import parse_money
from kivoucher.core.workflow import transition
from kivoucher.ledger.models import Account
from kivoucher.ledger.services import account_get_or_create, transfer_create
from kivoucher.organizations.models import Organisation
from kivoucher.payments.models import PaymentBatch, Payout

OUTGOING = "payments:outgoing"
BANK = "payments:bank"

# Domains that must act when their payouts are paid (a voucher closes) register
# here from their AppConfig.ready(); handlers run inside the marking transaction.
_paid_handlers: list = []


def on_payouts_paid(handler):
    """Register `handler(*, actor, payouts)` to run when a batch is marked paid."""
    _paid_handlers.append(handler)
    return handler


def outgoing_account() -> Account:
    return account_get_or_create(code=OUTGOING, name="Outgoing payments (clearing)")


def bank_account() -> Account:
    return account_get_or_create(code=BANK, name="Programme bank account (paid out)", floor=None)


def _bank_details(
    beneficiary: Organisation, iban: str | None, bic: str | None, name: str | None
) -> tuple[str, str, str]:
    iban = iban or beneficiary.iban
    bic = bic or beneficiary.bic
    name = (name or beneficiary.account_holder or beneficiary.name)[:140]
    if not iban:
        raise DomainError(
            _("%(org)s has no IBAN on file.") % {"org": beneficiary.name}, code="invalid_iban"
        )
    try:
        parsed = IBAN(iban)
        if bic:
            BIC(bic)
    except SchwiftyException as exc:
        raise DomainError(_("Invalid IBAN or BIC: %(error)s") % {"error": exc}, code="invalid_iban")
    return parsed.compact, (bic or (str(parsed.bic) if parsed.bic else "")), name


def payout_create(
    *,
    actor,
    key: str,
    origin: str,
    beneficiary: Organisation,
    amount: Decimal,
    source_account: Account,
    remittance: str,
    iban: str | None = None,
    bic: str | None = None,
    name: str | None = None,
) -> Payout:
    """Queue a payout (idempotent by key); the money leaves `source_account` now."""
    amount = parse_money(amount)
    if amount <= 0:
        raise DomainError(_("A payout must be positive."), code="invalid_amount")
    with transaction.atomic():
        existing = Payout.objects.filter(key=key).first()
        if existing:
            if existing.amount != amount or existing.beneficiary_id != beneficiary.pk:
                raise Conflict(
                    _("Payout %(key)s exists with other content.") % {"key": key},
                    code="idempotency_conflict",
                )
            return existing
        iban, bic, name = _bank_details(beneficiary, iban, bic, name)
        transfer_create(
            key=f"payout:{key}",
            source=source_account,
            destination=outgoing_account(),
            amount=amount,
            kind="payout",
            memo=remittance,
        )
        payout = Payout.objects.create(
            key=key,
            origin=origin,
            beneficiary=beneficiary,
            name=name,
            iban=iban,
            bic=bic,
            amount=amount,
            remittance=remittance[:140],
            end_to_end_id="KIV" + secrets.token_hex(14).upper()[:32],
            source_account=source_account.code,
        )
        audit_record(
            actor=actor,
            action="payout.create",
            obj=payout,
            new_state=payout.status,
            data={"origin": origin, "amount": str(amount), "beneficiary": beneficiary.pk},
        )
        return payout


def _debtor() -> dict:
    return {
        "name": settings.KIVOUCHER_SEPA_DEBTOR_NAME,
        "IBAN": settings.KIVOUCHER_SEPA_DEBTOR_IBAN,
        "BIC": settings.KIVOUCHER_SEPA_DEBTOR_BIC,
        "batch": True,
        "currency": "EUR",
    }


def sepa_batch_create(*, actor, execution_date: date | None = None) -> PaymentBatch | None:
    """Collect every pending payout into one pain.001.001.03 document (None if none)."""
    execution_date = execution_date or timezone.localdate()
    with transaction.atomic():
        payouts = list(
            Payout.objects.select_for_update().filter(status=Payout.Status.PENDING).order_by("pk")
        )
        if not payouts:
            return None
        sepa = SepaTransfer(_debtor(), clean=True)
        for payout in payouts:
            payment = {
                "name": payout.name,
                "IBAN": payout.iban,
                "amount": int((payout.amount * 100).to_integral_value()),
                "execution_date": execution_date,
                "description": payout.remittance,
                "endtoend_id": payout.end_to_end_id,
            }
            if payout.bic:
                payment["BIC"] = payout.bic
            sepa.add_payment(payment)
        xml = sepa.export(validate=True).decode()
        message_id = sepa.msg_id[:35]
        batch = PaymentBatch.objects.create(
            message_id=message_id,
            created_by=actor if getattr(actor, "pk", None) else None,
            execution_date=execution_date,
            total=sum(p.amount for p in payouts),
            count=len(payouts),
            xml=xml,
        )
        for payout in payouts:  # locked above
            transition(
                payout,
                Payout.Status.BATCHED,
                actor=actor,
                fields={"batch": batch},
                data={"batch": batch.message_id},
                locked=True,
            )
        audit_record(
            actor=actor,
            action="payment_batch.export",
            obj=batch,
            new_state=batch.status,
            data={"count": batch.count, "total": str(batch.total)},
        )
        return batch


def sepa_batch_mark_paid(*, actor, batch: PaymentBatch) -> PaymentBatch:
    """The bank executed the batch: the money leaves the clearing account."""
    with transaction.atomic():
        batch = PaymentBatch.objects.select_for_update().get(pk=batch.pk)
        if batch.status == PaymentBatch.Status.PAID:
            raise Conflict(
                _("Batch %(id)s is already paid.") % {"id": batch.message_id}, code="already_paid"
            )
        now = timezone.now()
        outgoing, bank = outgoing_account(), bank_account()
        for payout in batch.payouts.select_for_update().order_by("pk"):
            transfer_create(
                key=f"payout:{payout.key}:paid",
                source=outgoing,
                destination=bank,
                amount=payout.amount,
                kind="payout_paid",
                memo=payout.end_to_end_id,
            )
            transition(
                payout, Payout.Status.PAID, actor=actor, fields={"paid_at": now}, locked=True
            )
        transition(
            batch, PaymentBatch.Status.PAID, actor=actor, fields={"paid_at": now}, locked=True
        )
        paid = list(batch.payouts.order_by("pk"))
        for handler in _paid_handlers:
            handler(actor=actor, payouts=paid)
        return batch


def payouts_paid_for(origin: str) -> Decimal:
    from django.db.models import Sum

    return Payout.objects.filter(origin=origin, status=Payout.Status.PAID).aggregate(
        s=Sum("amount")
    )["s"] or Decimal("0")
