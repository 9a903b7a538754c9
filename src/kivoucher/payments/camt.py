"""Bank statements (ISO 20022 camt.053) read into entries.

The file is parsed with defusedxml (no entities, no network). Each transaction of
a booked entry becomes one `StatementEntry`: its direction, amount, end-to-end id,
unstructured remittance information (`RmtInf/Ustrd`), the other party and, for a
return (`RtrInf`, or bank transaction code family `RRTN`), the return reason code.

An entry may hold several transactions (a batch booking, `BtchBookg`): its
`Ntry/Amt` is then their total, and each transaction's own amount is in
`TxDtls/Amt` (camt.053.001.04 and later) or `TxDtls/AmtDtls/TxAmt/Amt`, else
`AmtDtls/InstdAmt/Amt`. Only an entry with a single transaction lends it the
entry's amount; a batch transaction without an amount of its own has none
(for a person to check).

`StatementEntry.entry_id` identifies a transaction across imports of the same
statement: the bank's reference (`AcctSvcrRef`) where there is one, else a digest
of the statement, the position and the content.
"""

import hashlib
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from defusedxml import ElementTree
from django.utils.translation import gettext as _

from kivoucher.core.errors import DomainError

# The pre-sale's purchase references: KIV-PS, then two groups of four letters or
# digits (spaces and hyphens optional).
PRESALE_REFERENCE = re.compile(r"KIV-?PS-?([A-Z0-9]{4})-?([A-Z0-9]{4})", re.IGNORECASE)
REFERENCE = PRESALE_REFERENCE  # the name the pre-sale module used


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
    creditor_name: str = ""
    creditor_iban: str = ""
    return_code: str = ""  # the reason code of a returned transfer (e.g. AC04)
    is_return: bool = False
    batch_message_id: str = ""  # a batch booked as one debit: the pain.001's MsgId
    entry_id: str = ""

    @property
    def reference(self) -> str | None:
        """The pre-sale purchase reference in the remittance information, if any."""
        for text in (self.remittance, self.end_to_end_id):
            match = PRESALE_REFERENCE.search(text.replace(" ", ""))
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


def _is_return_code(node) -> bool:
    """Bank transaction code family `RRTN` (returned credit transfer) or the German
    GVC of a return (`NTRF+159`, `+160`...)."""
    family = _text(node, "BkTxCd", "Domn", "Fmly", "SubFmlyCd")
    proprietary = _text(node, "BkTxCd", "Prtry", "Cd")
    return family == "RRTN" or bool(re.match(r"N[A-Z]{3}\+(159|160)\b", proprietary))


def _entry_id(statement: Statement, entry: StatementEntry, position: str) -> str:
    content = "|".join(
        [
            "CRDT" if entry.credit else "DBIT",
            str(entry.amount),
            entry.end_to_end_id,
            entry.remittance,
            entry.return_code,
        ]
    )
    if entry.bank_reference:
        digest = hashlib.sha256(content.encode()).hexdigest()[:16]
        return f"ref:{statement.iban}:{entry.bank_reference}:{digest}"[:200]
    digest = hashlib.sha256(
        f"{statement.iban}|{statement.statement_id}|{position}|{content}".encode()
    ).hexdigest()
    return f"pos:{digest}"


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
    for s_index, stmt in enumerate(_findall(document, "Stmt")):
        result.statement_id = result.statement_id or _text(stmt, "Id")
        result.iban = result.iban or _text(stmt, "Acct", "Id", "IBAN")
        for n_index, ntry in enumerate(_findall(stmt, "Ntry")):
            credit = _text(ntry, "CdtDbtInd") == "CRDT"
            status = _text(ntry, "Sts") or _text(ntry, "Sts", "Cd")
            if status and status not in ("BOOK",):
                continue
            booking_date = _text(ntry, "BookgDt", "Dt") or _text(ntry, "BookgDt", "DtTm")[:10]
            bank_reference = _text(ntry, "AcctSvcrRef")
            entry_return = _is_return_code(ntry)
            details = _find(ntry, "NtryDtls")
            transactions = _findall(details, "TxDtls") if details is not None else []
            if not transactions:
                amount, currency = _amount(ntry)
                entry = StatementEntry(
                    amount,
                    currency,
                    credit,
                    booking_date,
                    bank_reference,
                    is_return=entry_return,
                    batch_message_id=_text(details, "Btch", "MsgId"),
                )
                entry.entry_id = _entry_id(result, entry, f"{s_index}.{n_index}")
                result.entries.append(entry)
                continue
            for t_index, tx in enumerate(transactions):
                amount, currency = _transaction_amount(tx, ntry, single=len(transactions) == 1)
                tx_direction = _text(tx, "CdtDbtInd")
                ustrd = " ".join(
                    (u.text or "").strip() for u in _findall(_find(tx, "RmtInf"), "Ustrd")
                )
                return_info = _find(tx, "RtrInf")
                return_code = _text(return_info, "Rsn", "Cd") or _text(return_info, "Rsn", "Prtry")
                entry = StatementEntry(
                    amount=amount,
                    currency=currency,
                    credit=tx_direction == "CRDT" if tx_direction else credit,
                    booking_date=booking_date,
                    bank_reference=_text(tx, "Refs", "AcctSvcrRef") or bank_reference,
                    end_to_end_id=_text(tx, "Refs", "EndToEndId"),
                    remittance=ustrd,
                    debtor_name=_text(tx, "RltdPties", "Dbtr", "Nm"),
                    debtor_iban=_text(tx, "RltdPties", "DbtrAcct", "Id", "IBAN"),
                    creditor_name=_text(tx, "RltdPties", "Cdtr", "Nm"),
                    creditor_iban=_text(tx, "RltdPties", "CdtrAcct", "Id", "IBAN"),
                    return_code=return_code,
                    is_return=return_info is not None or entry_return or _is_return_code(tx),
                )
                entry.entry_id = _entry_id(result, entry, f"{s_index}.{n_index}.{t_index}")
                result.entries.append(entry)
    return result
