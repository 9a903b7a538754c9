"""What a recovery or a receivable is about: the registry of origins.

Recovery sits below the programme lines, so it never imports their models. A line
describes its grants from its own package: `kivoucher/<app>/recovery_origins.py`
registers a resolver for the prefix of its origin strings,

    @origin_register("voucher")
    def voucher(code: str, *, user=None) -> Origin | None: ...

found by the app's entry in INSTALLED_APPS (`core.registry.app_modules`). An origin
string is "<prefix>:<code>" ("voucher:KIV-…", "compute_voucher:…"), the same string
the line's payouts carry.
"""

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from kivoucher.core.registry import app_modules

MODULE = "recovery_origins"


@dataclass(frozen=True)
class Origin:
    origin: str
    label: str  # "KI-Voucher KIV-ABC (Qualitätsprüfung …)"
    organisation: object  # organizations.Organisation
    call: object | None  # programmes.Call whose budget repaid money returns to
    aid_reference: str  # the platform's AidAward.reference ("" when none)
    granted: Decimal  # the grant as it stands
    paid: Decimal  # what the company received of it so far
    url: str = ""  # the grant's page


Resolver = Callable[..., Origin | None]
_RESOLVERS: dict[str, Resolver] = {}


def origin_register(prefix: str) -> Callable[[Resolver], Resolver]:
    def register(func: Resolver) -> Resolver:
        _RESOLVERS[prefix] = func
        return func

    return register


def _discover() -> None:
    app_modules(MODULE)


def origin_resolve(origin: str) -> Origin | None:
    """The grant `origin` names, or None when no line knows it."""
    _discover()
    prefix, _sep, code = (origin or "").partition(":")
    resolver = _RESOLVERS.get(prefix)
    if resolver is None or not code:
        return None
    return resolver(code)


def origin_prefixes() -> list[str]:
    _discover()
    return sorted(_RESOLVERS)
