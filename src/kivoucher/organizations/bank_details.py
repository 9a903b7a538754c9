"""Who decides when an organisation's bank details (IBAN, BIC, account holder) change.

A changed IBAN redirects every payout prepared afterwards, so the rule for when a
change applies at once and when a second person must confirm it belongs to the
payments app, which sits above this one. It registers its guard here from its
AppConfig.ready() (a registry, as `payments.on_payouts_paid`); without a guard a
change applies at once. `organisation_update` hands every change of these fields
to `bank_details_change`.
"""

from collections.abc import Callable

from kivoucher.organizations.validators import normalise_iban

BANK_FIELDS = ("iban", "bic", "account_holder")

# guard(*, actor, organisation, new: dict) -> None: applies `new` (through
# `organisation_bank_details_apply`) or holds it for confirmation.
_guards: list[Callable] = []


def bank_details_guard_register(guard: Callable) -> Callable:
    """Register the one guard of bank-details changes (a second one replaces it)."""
    _guards[:] = [guard]
    return guard


def bank_details_guard() -> Callable | None:
    return _guards[0] if _guards else None


def bank_details_held(organisation, submitted: dict) -> bool:
    """Whether bank details `submitted` to `organisation_update` did not apply (yet):
    for pages to say that the change waits for a second person."""
    for name in BANK_FIELDS:
        if name not in submitted:
            continue
        value = submitted[name] or ""
        if name == "iban" and value:
            value = normalise_iban(value)
        if getattr(organisation, name) != value:
            return True
    return False
