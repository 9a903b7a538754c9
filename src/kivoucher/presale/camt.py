"""Bank statements (ISO 20022 camt.053) matched against pre-sale payment references.

The file is parsed with defusedxml (no entities, no network). Every credit entry is
matched on its unstructured remittance information (`RmtInf/Ustrd`) or its
end-to-end id; exact-amount matches of purchases awaiting payment are confirmed,
everything else is reported for a person to look at.

An entry may hold several transactions (a batch booking, `BtchBookg`): its
`Ntry/Amt` is then their total, and each transaction's own amount is in
`TxDtls/Amt` (camt.053.001.04 and later) or `TxDtls/AmtDtls/TxAmt/Amt`, else
`AmtDtls/InstdAmt/Amt`. Only an entry with a single transaction lends it the
entry's amount; a batch transaction without an amount of its own has none
(`amount_missing`, for a person to check).
"""

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from defusedxml import ElementTree
from django.utils.translation import gettext as _

from kivoucher.core.errors import DomainError

REFERENCE = re.compile(r"KIV-?PS-?([A-Z0-9]{4})-?([A-Z0-9]{4})", re.IGNORECASE)


@dataclass
class StatementEntry:
    amount: Decimal | None  # None: a batch transaction that states no amount of its own
    currency: str
    credit: bool
    booking_date: str = ""
    bank_reference: str = ""
    end_to_end_id: str = ""
    remittance: str = ""
    debtor_name: str = ""
    debtor_iban: str = ""

    @property
    def reference(self) -> str | None:
        for text in (self.remittance, self.end_to_end_id):
            match = REFERENCE.search(text.replace(" ", ""))
            if match:
                return f"KIV-PS-{match.group(1).upper()}-{match.group(2).upper()}"
        return None


@dataclass
class Statement:
    message_id: str = ""
    statement_id: str = ""
    iban: str = ""
    entries: list[StatementEntry] = field(default_factory=list)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _find(node, *path):
    """Namespace-agnostic descent along local names."""
    for name in path:
        if node is None:
            return None
        node = next((child for child in node if _local(child.tag) == name), None)
    return node


def _findall(node, name):
    return [child for child in node if _local(child.tag) == name] if node is not None else []


def _text(node, *path) -> str:
    found = _find(node, *path)
    return (found.text or "").strip() if found is not None else ""


def _amount(node) -> tuple[Decimal, str]:
    amt = _find(node, "Amt")
    if amt is None:
        raise DomainError(_("An entry of the statement has no amount."), code="camt_invalid")
    return _amount_of(amt)


def _amount_of(amt) -> tuple[Decimal, str]:
    try:
        value = Decimal((amt.text or "").strip())
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite():
        raise DomainError(_("An amount of the statement is not a number."), code="camt_invalid")
    return value, amt.get("Ccy", "")


# Where a transaction states its own amount, in order of preference: the booked
# amount (camt.053.001.04+), the transaction amount, the amount the debtor instructed.
TRANSACTION_AMOUNTS = (("Amt",), ("AmtDtls", "TxAmt", "Amt"), ("AmtDtls", "InstdAmt", "Amt"))


def _transaction_amount(tx, ntry, *, single: bool) -> tuple[Decimal | None, str]:
    for path in TRANSACTION_AMOUNTS:
        amt = _find(tx, *path)
        if amt is not None:
            return _amount_of(amt)
    if single:
        return _amount(ntry)
    # a batch: the entry's amount is the total of all its transactions, not this one's
    entry_amount = _find(ntry, "Amt")
    return None, entry_amount.get("Ccy", "") if entry_amount is not None else ""


def camt053_parse(data: bytes) -> Statement:
    try:
        root = ElementTree.fromstring(data, forbid_dtd=True)
    except Exception as exc:  # defusedxml raises several kinds; all mean "not usable"
        raise DomainError(
            _("The file is not a readable camt.053 statement: %(error)s") % {"error": exc},
            code="camt_invalid",
        )
    document = root if _local(root.tag) == "BkToCstmrStmt" else _find(root, "BkToCstmrStmt")
    if document is None:
        raise DomainError(_("The file is not a camt.053 bank statement."), code="camt_invalid")
    result = Statement(message_id=_text(document, "GrpHdr", "MsgId"))
    for stmt in _findall(document, "Stmt"):
        result.statement_id = result.statement_id or _text(stmt, "Id")
        result.iban = result.iban or _text(stmt, "Acct", "Id", "IBAN")
        for ntry in _findall(stmt, "Ntry"):
            credit = _text(ntry, "CdtDbtInd") == "CRDT"
            status = _text(ntry, "Sts") or _text(ntry, "Sts", "Cd")
            if status and status not in ("BOOK",):
                continue
            booking_date = _text(ntry, "BookgDt", "Dt") or _text(ntry, "BookgDt", "DtTm")
            bank_reference = _text(ntry, "AcctSvcrRef")
            details = _find(ntry, "NtryDtls")
            transactions = _findall(details, "TxDtls") if details is not None else []
            if not transactions:
                amount, currency = _amount(ntry)
                result.entries.append(
                    StatementEntry(amount, currency, credit, booking_date, bank_reference)
                )
                continue
            for tx in transactions:
                amount, currency = _transaction_amount(tx, ntry, single=len(transactions) == 1)
                tx_direction = _text(tx, "CdtDbtInd")
                ustrd = " ".join(
                    (u.text or "").strip() for u in _findall(_find(tx, "RmtInf"), "Ustrd")
                )
                result.entries.append(
                    StatementEntry(
                        amount=amount,
                        currency=currency,
                        credit=tx_direction == "CRDT" if tx_direction else credit,
                        booking_date=booking_date,
                        bank_reference=_text(tx, "Refs", "AcctSvcrRef") or bank_reference,
                        end_to_end_id=_text(tx, "Refs", "EndToEndId"),
                        remittance=ustrd,
                        debtor_name=_text(tx, "RltdPties", "Dbtr", "Nm"),
                        debtor_iban=_text(tx, "RltdPties", "DbtrAcct", "Id", "IBAN"),
                    )
                )
    return result


@dataclass
class ImportLine:
    entry: StatementEntry
    # confirmed | already_confirmed | amount_mismatch | amount_missing | unknown_reference | ...
    outcome: str
    purchase_id: int | None = None
    reference: str = ""
    sequence: int | None = None
    message: str = ""


@dataclass
class ImportReport:
    message_id: str
    lines: list[ImportLine]

    def count(self, outcome: str) -> int:
        return sum(1 for line in self.lines if line.outcome == outcome)

    @property
    def confirmed(self) -> list[ImportLine]:
        return [line for line in self.lines if line.outcome == "confirmed"]

    @property
    def to_check(self) -> list[ImportLine]:
        return [line for line in self.lines if line.outcome not in ("confirmed", "debit")]


def bank_statement_import(*, actor, data: bytes) -> ImportReport:
    """Confirm every purchase paid with its reference and the exact amount; report the rest."""
    from kivoucher.core.audit import audit_record
    from kivoucher.core.errors import Conflict
    from kivoucher.presale.models import Purchase
    from kivoucher.presale.services import purchase_confirm_payment, staff_act_check

    staff_act_check(actor)
    statement = camt053_parse(data)
    lines = []
    for entry in statement.entries:
        if not entry.credit:
            lines.append(ImportLine(entry, "debit"))
            continue
        reference = entry.reference
        purchase = Purchase.objects.filter(reference=reference).first() if reference else None
        if purchase is None:
            lines.append(ImportLine(entry, "unknown_reference", reference=reference or ""))
            continue
        line = ImportLine(entry, "", purchase.pk, purchase.reference)
        if entry.currency != "EUR":
            line.outcome = "wrong_currency"
        elif purchase.status != Purchase.Status.PENDING:
            line.outcome = "already_confirmed"
            line.sequence = purchase.sequence
        elif entry.amount is None:
            line.outcome = "amount_missing"
            line.message = _("The bank booked this transfer in a batch without its own amount.")
        elif entry.amount != purchase.amount:
            line.outcome = "amount_mismatch"
            line.message = f"{entry.amount} != {purchase.amount}"
        else:
            try:
                purchase = purchase_confirm_payment(
                    actor=actor,
                    purchase=purchase,
                    amount=entry.amount,
                    source="camt.053",
                    bank_reference=entry.bank_reference,
                )
            except Conflict as exc:
                line.outcome, line.message = "refused", exc.message
            else:
                line.outcome, line.sequence = "confirmed", purchase.sequence
        lines.append(line)
    report = ImportReport(statement.message_id, lines)
    audit_record(
        actor=actor,
        action="presale.camt.import",
        obj=("presale.camt053", (statement.message_id or "unknown")[:64]),
        data={
            "entries": len(lines),
            "confirmed": report.count("confirmed"),
            "to_check": len(report.to_check),
        },
    )
    return report
