"""Holds: a data centre reserves money on a voucher before a job starts, then
settles the hold with the job's usage records or releases it."""

from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kivoucher.compute.models import ComputeHold, ComputeVoucher, DataCentre, IngestBatch
from kivoucher.compute.services.ingest import IngestOutcome, usage_ingest
from kivoucher.compute.services.limits import length_check
from kivoucher.compute.services.vouchers import voucher_after_balance_change
from kivoucher.core.audit import audit_record
from kivoucher.core.errors import Conflict, DomainError
from kivoucher.core.money import ZERO, parse_money
from kivoucher.core.workflow import transition
from kivoucher.ledger.services import (
    HOLDS_ACCOUNT,
    account_get_or_create,
    accounts_lock,
    hold_create,
    hold_void,
)


def _ledger_key(data_centre: DataCentre, hold_id: str) -> str:
    return f"compute:{data_centre.code}:{hold_id}"


def compute_hold_create(
    *, actor, data_centre: DataCentre, voucher: ComputeVoucher, hold_id: str, amount: Decimal
) -> ComputeHold:
    length_check(ComputeHold, "hold_id", hold_id, label=_("The hold id"))
    amount = parse_money(amount)
    if amount <= 0:
        raise DomainError(_("A hold must be positive."), code="invalid_amount")
    if voucher.status != ComputeVoucher.Status.ACTIVE:
        raise Conflict(_("The voucher is not active."), code="voucher_not_active")
    with transaction.atomic():
        existing = ComputeHold.objects.filter(data_centre=data_centre, hold_id=hold_id).first()
        if existing:
            if existing.voucher_id != voucher.pk or existing.amount != amount:
                raise Conflict(
                    _("Hold %(id)s exists with other content.") % {"id": hold_id},
                    code="conflict",
                )
            return existing
        ledger_hold = hold_create(
            key=_ledger_key(data_centre, hold_id),
            account=voucher.account,
            amount=amount,
            memo=f"job {hold_id}",
        )
        hold = ComputeHold.objects.create(
            data_centre=data_centre,
            hold_id=hold_id,
            voucher=voucher,
            ledger_hold=ledger_hold,
            amount=amount,
        )
        audit_record(
            actor=actor,
            action="compute.hold.create",
            obj=hold,
            new_state=hold.status,
            data={"voucher": voucher.code, "amount": str(amount)},
        )
        return hold


def _close(actor, hold: ComputeHold, status: str) -> ComputeHold:
    locked = ComputeHold.objects.select_for_update().get(pk=hold.pk)
    if locked.status != ComputeHold.Status.PENDING:
        raise Conflict(
            _("Hold %(id)s is already %(status)s.")
            % {"id": hold.hold_id, "status": locked.get_status_display()},
            code="hold_closed",
        )
    hold_void(hold=locked.ledger_hold)
    return transition(
        locked, status, actor=actor, locked=True, fields={"closed_at": timezone.now()}
    )


def _lock_for(hold: ComputeHold) -> None:
    """Every lock this hold's settlement needs, in one go, in primary-key order."""
    accounts_lock(
        hold.voucher.account_id,
        account_get_or_create(code=HOLDS_ACCOUNT, name="Holds in flight", floor=ZERO).pk,
    )


def compute_hold_release(*, actor, hold: ComputeHold) -> ComputeHold:
    with transaction.atomic():
        _lock_for(hold)
        hold = _close(actor, hold, ComputeHold.Status.RELEASED)
        voucher = ComputeVoucher.objects.select_related("account").get(pk=hold.voucher_id)
        voucher_after_balance_change(voucher=voucher, balance=voucher.account.balance)
        return hold


def compute_hold_settle(*, actor, hold: ComputeHold, records: list) -> IngestOutcome:
    """Release the held money and charge the job's usage records in the same transaction,
    so nobody else can take the money in between."""
    with transaction.atomic():
        _lock_for(hold)
        return usage_ingest(
            data_centre=hold.data_centre,
            records=records,
            source=IngestBatch.Source.HOLD,
            actor=actor,
            before=lambda locked: _close(actor, hold, ComputeHold.Status.SETTLED),
        )
