"""Incoming payments from bank statements, handed to the domain they are for.

A domain registers a handler for its reference prefix in `<app>/incoming.py`
(imported once by PaymentsConfig.ready through `autodiscover_modules("incoming")`):

    @incoming_register("RF")
    def repayment_book(entry: IncomingEntry) -> str:
        ...
        return "matched"

A credit entry of an imported statement whose remittance information holds the token
`KIV-<PREFIX>-<digits>` (e.g. `KIV-RF-42`; a prefix may bring its own pattern) goes
to that prefix's handler. The handler books what it may and answers one of
`RESULTS`: `matched` (booked now), `already_matched` (booked by an earlier import:
the handler must be idempotent by `entry.entry_id`), `amount_differs` (nothing
booked; a person looks at it), `unknown` (no such reference). It runs inside the
import's transaction; raising aborts the import of that entry only.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

MATCHED = "matched"
ALREADY_MATCHED = "already_matched"
AMOUNT_DIFFERS = "amount_differs"
UNKNOWN = "unknown"
RESULTS = (MATCHED, ALREADY_MATCHED, AMOUNT_DIFFERS, UNKNOWN)


@dataclass
class IncomingEntry:
    """A credit of a bank statement, as a handler sees it."""

    reference: str  # the token found, e.g. "KIV-RF-42"
    amount: Decimal | None  # None: a batch booking without the transaction's own amount
    booked_on: date | None
    entry_id: str  # stable across imports of the same statement (idempotency)
    debtor_name: str = ""
    debtor_iban: str = ""
    remittance: str = ""  # the full unstructured remittance information
    currency: str = "EUR"
    bank_reference: str = ""
    actor: object = None  # who imports the statement (a user, or a command's name)
    statement: object = field(default=None, repr=False)  # the parsed camt StatementEntry


@dataclass
class _Handler:
    prefix: str
    pattern: re.Pattern
    handle: Callable[[IncomingEntry], str]
    normalise: Callable[[re.Match], str] | None = None


_handlers: dict[str, _Handler] = {}


def incoming_register(
    prefix: str,
    *,
    pattern: re.Pattern | str | None = None,
    normalise: Callable[[re.Match], str] | None = None,
):
    """Decorator: `handler(entry) -> result` for the references `KIV-<prefix>-<digits>`
    (or `pattern`, whose match `normalise` turns into the reference handed over)."""
    prefix = prefix.upper()
    if not re.fullmatch(r"[A-Z]{1,8}", prefix):
        raise ValueError(f"A reference prefix is 1-8 capital letters, not {prefix!r}.")
    if pattern is None:
        pattern = re.compile(rf"\bKIV-?{prefix}-?(\d+)\b", re.IGNORECASE)
    elif isinstance(pattern, str):
        pattern = re.compile(pattern, re.IGNORECASE)

    def register(handler):
        _handlers[prefix] = _Handler(prefix, pattern, handler, normalise)
        return handler

    return register


def incoming_prefixes() -> list[str]:
    return sorted(_handlers)


def incoming_find(remittance: str) -> tuple[str, str] | None:
    """(prefix, reference) of the first registered token in `remittance`, if any."""
    found = []
    for handler in _handlers.values():
        for text in (remittance, remittance.replace(" ", "")):
            match = handler.pattern.search(text)
            if match:
                if handler.normalise:
                    reference = handler.normalise(match)
                else:
                    reference = f"KIV-{handler.prefix}-{match.group(1)}"
                found.append((match.start(), handler.prefix, reference))
                break
    if not found:
        return None
    _start, prefix, reference = min(found)
    return prefix, reference


def incoming_dispatch(prefix: str, entry: IncomingEntry) -> str:
    result = _handlers[prefix].handle(entry)
    if result not in RESULTS:
        raise ValueError(f"Handler {prefix} answered {result!r}, not one of {RESULTS}.")
    return result
