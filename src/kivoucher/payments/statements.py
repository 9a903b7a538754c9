"""Bank statements (camt.053) imported once for all lines.

`bank_statement_import` reads the statement (kivoucher.payments.camt) and gives every
transaction a result (`matched`, `already_matched`, `unknown`, `amount_differs`):

- a debit with the end-to-end id of an exported payout pays it (same amount only);
  a debit for a whole batch (`NtryDtls/Btch/MsgId`, no transactions) pays the batch;
- a return (a credit with a payout's end-to-end id, or the return family `RRTN`,
  with its reason code, e.g. AC04) reopens the payout as `returned`, and the
  beneficiary is asked for new bank details;
- any other credit goes to the domain whose reference it carries
  (kivoucher.payments.incoming: pre-sale purchases `KIV-PS-…`, repayments `KIV-RF-…`).

Nothing is confirmed on a mismatch. Each transaction is recorded by its identity
(`BankStatementEntry.entry_id`) in its own transaction, which also serialises two
imports of the same statement: importing it again changes nothing.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from kivoucher.core.audit import audit_record
from kivoucher.core.errors import DomainError, PermissionDenied
from kivoucher.payments import incoming
from kivoucher.payments.camt import Statement, StatementEntry, camt053_parse
from kivoucher.payments.models import BankStatementEntry, PaymentBatch, Payout
from kivoucher.payments.services import (
    payout_mark_paid,
    payout_mark_returned,
    sepa_batch_mark_paid,
)

Result = BankStatementEntry.Result
DONE = (Result.MATCHED, Result.ALREADY_MATCHED)


@dataclass
class EntryResult:
    entry_id: str
    kind: str  # payout | return | batch | incoming | other
    result: str
    amount: Decimal | None
    credit: bool
    end_to_end_id: str = ""
    reference: str = ""
    payout_id: int | None = None
    message: str = ""


@dataclass
class StatementReport:
    message_id: str
    statement_id: str
    entries: list[EntryResult] = field(default_factory=list)

    def count(self, result: str) -> int:
        return sum(1 for e in self.entries if e.result == result)

    @property
    def counts(self) -> dict[str, int]:
        return {result: self.count(result) for result in Result.values}


def _staff_check(actor) -> None:
    if getattr(actor, "pk", None) is None or getattr(actor, "may_act_as_staff", False):
        return
    raise PermissionDenied(_("Only programme staff import bank statements."))


def _booked_on(entry: StatementEntry) -> date | None:
    try:
        return date.fromisoformat(entry.booking_date[:10])
    except ValueError:
        return None


def _claim(entry: StatementEntry, statement: Statement, actor) -> tuple[BankStatementEntry, bool]:
    """The entry's record, locked: created now (a first import) or found. A concurrent
    import of the same entry waits here until the first one commits."""
    values = {
        "message_id": statement.message_id[:100],
        "credit": entry.credit,
        "amount": entry.amount,
        "booked_on": _booked_on(entry),
        "end_to_end_id": entry.end_to_end_id[:35],
        "counterparty": (entry.debtor_name if entry.credit else entry.creditor_name)[:140],
        "remittance": entry.remittance,
        "kind": "other",
        "result": Result.UNKNOWN,
        "imported_by": actor if getattr(actor, "pk", None) else None,
    }
    try:
        with transaction.atomic():
            return BankStatementEntry.objects.create(entry_id=entry.entry_id, **values), True
    except IntegrityError:
        return BankStatementEntry.objects.select_for_update().get(entry_id=entry.entry_id), False


def _amount_ok(entry: StatementEntry, expected: Decimal) -> bool:
    return entry.currency in ("EUR", "") and entry.amount is not None and entry.amount == expected


def _differs(entry: StatementEntry, expected: Decimal) -> str:
    return _("%(found)s %(currency)s on the statement, %(expected)s expected.") % {
        "found": entry.amount if entry.amount is not None else "?",
        "currency": entry.currency or "EUR",
        "expected": expected,
    }


def _payout_debit(actor, entry: StatementEntry, row: BankStatementEntry) -> tuple[str, str]:
    payout = Payout.objects.select_for_update().filter(end_to_end_id=entry.end_to_end_id).first()
    if payout is None:
        return Result.UNKNOWN, _("No payout has this end-to-end id.")
    row.payout = payout
    if not _amount_ok(entry, payout.amount):
        return Result.AMOUNT_DIFFERS, _differs(entry, payout.amount)
    if payout.status == Payout.Status.EXPORTED:
        payout_mark_paid(actor=actor, payout=payout)
        return Result.MATCHED, ""
    if payout.status in (Payout.Status.PAID, Payout.Status.RETURNED):
        return Result.ALREADY_MATCHED, ""
    return Result.UNKNOWN, _("The payout is %(status)s, not at the bank.") % {
        "status": payout.get_status_display()
    }


def _payout_return(actor, entry: StatementEntry, row: BankStatementEntry) -> tuple[str, str]:
    payout = Payout.objects.select_for_update().filter(end_to_end_id=entry.end_to_end_id).first()
    if payout is None:
        return Result.UNKNOWN, _("A return for no known payout.")
    row.payout = payout
    if not _amount_ok(entry, payout.amount):
        return Result.AMOUNT_DIFFERS, _differs(entry, payout.amount)
    if payout.status in (Payout.Status.EXPORTED, Payout.Status.PAID):
        payout_mark_returned(actor=actor, payout=payout, code=entry.return_code)
        return Result.MATCHED, ""
    if payout.status == Payout.Status.RETURNED:
        return Result.ALREADY_MATCHED, ""
    return Result.UNKNOWN, _("The payout is %(status)s, not at the bank.") % {
        "status": payout.get_status_display()
    }


def _batch_debit(actor, entry: StatementEntry) -> tuple[str, str]:
    batch = (
        PaymentBatch.objects.select_for_update().filter(message_id=entry.batch_message_id).first()
    )
    if batch is None:
        return Result.UNKNOWN, _("No batch has this message id.")
    if not _amount_ok(entry, batch.total):
        return Result.AMOUNT_DIFFERS, _differs(entry, batch.total)
    if batch.status == PaymentBatch.Status.EXPORTED:
        sepa_batch_mark_paid(actor=actor, batch=batch)
        return Result.MATCHED, ""
    if batch.status == PaymentBatch.Status.PAID:
        return Result.ALREADY_MATCHED, ""
    return Result.UNKNOWN, _("The batch was not exported.")


def _incoming(actor, entry: StatementEntry, row: BankStatementEntry) -> tuple[str, str]:
    found = incoming.incoming_find(entry.remittance or "")
    if found is None:
        return Result.UNKNOWN, _("No reference of the programme in the remittance information.")
    prefix, reference = found
    row.reference = reference[:60]
    result = incoming.incoming_dispatch(
        prefix,
        incoming.IncomingEntry(
            reference=reference,
            amount=entry.amount,
            booked_on=_booked_on(entry),
            entry_id=entry.entry_id,
            debtor_name=entry.debtor_name,
            debtor_iban=entry.debtor_iban,
            remittance=entry.remittance,
            currency=entry.currency,
            bank_reference=entry.bank_reference,
            actor=actor,
            statement=entry,
        ),
    )
    return result, ""


def _is_payout_e2e(entry: StatementEntry) -> bool:
    return (
        bool(entry.end_to_end_id)
        and Payout.objects.filter(end_to_end_id=entry.end_to_end_id).exists()
    )


def _entry_match(actor, entry: StatementEntry, row: BankStatementEntry) -> tuple[str, str, str]:
    """(kind, result, message) of one transaction, booking what matches."""
    if entry.is_return or (entry.credit and _is_payout_e2e(entry)):
        return "return", *_payout_return(actor, entry, row)
    if not entry.credit and entry.end_to_end_id and entry.end_to_end_id != "NOTPROVIDED":
        return "payout", *_payout_debit(actor, entry, row)
    if not entry.credit and entry.batch_message_id:
        return "batch", *_batch_debit(actor, entry)
    if entry.credit:
        return "incoming", *_incoming(actor, entry, row)
    return "other", Result.UNKNOWN, _("A debit the programme did not order.")


def _entry_import(actor, statement: Statement, entry: StatementEntry) -> EntryResult:
    with transaction.atomic():
        row, created = _claim(entry, statement, actor)
        if not created and row.result in DONE:
            result, message = Result.ALREADY_MATCHED, ""
        else:
            try:
                with transaction.atomic():
                    kind, result, message = _entry_match(actor, entry, row)
            except DomainError as exc:
                kind, result, message = row.kind, Result.UNKNOWN, exc.message
            row.kind, row.result, row.message = kind, result, message
            row.save()
        return EntryResult(
            entry_id=entry.entry_id,
            kind=row.kind,
            result=result,
            amount=entry.amount,
            credit=entry.credit,
            end_to_end_id=entry.end_to_end_id,
            reference=row.reference,
            payout_id=row.payout_id,
            message=message or row.message,
        )


def bank_statement_import(*, actor, data: bytes, on_entry=None) -> StatementReport:
    """Import a camt.053 statement; every transaction gets a result (see the module).
    `on_entry(done, total)`, if given, is called before each transaction and at the
    end (a background task reports its progress with it)."""
    _staff_check(actor)
    statement = camt053_parse(data)
    report = StatementReport(statement.message_id, statement.statement_id)
    total = len(statement.entries)
    for done, entry in enumerate(statement.entries):
        if on_entry is not None:
            on_entry(done, total)
        report.entries.append(_entry_import(actor, statement, entry))
    if on_entry is not None:
        on_entry(total, total)
    audit_record(
        actor=actor,
        action="payments.bank_statement.import",
        obj=("payments.bankstatement", (statement.message_id or "unknown")[:64]),
        data={"entries": len(report.entries), **report.counts},
    )
    return report
