"""Lower layers learn about higher apps only through modules those apps provide
by name (`home`, `reporting`, `gdpr`): `app_modules` finds them, in app order."""

from functools import cache
from importlib import import_module
from types import ModuleType

from django.apps import apps


def optional_module(name: str) -> ModuleType | None:
    """The module `name`, or None when it does not exist; a module that exists but
    fails to import raises, so a broken contribution is never silently skipped."""
    try:
        return import_module(name)
    except ModuleNotFoundError as exc:
        if exc.name != name:
            raise
        return None


@cache
def app_modules(module: str, *, exclude: tuple[str, ...] = ()) -> tuple[ModuleType, ...]:
    """`<app>.<module>` of every installed kivoucher app that has one."""
    found = []
    for config in apps.get_app_configs():
        if not config.name.startswith("kivoucher.") or config.name in exclude:
            continue
        contribution = optional_module(f"{config.name}.{module}")
        if contribution is not None:
            found.append(contribution)
    return tuple(found)


def contributions_notify(module: str, event: str, **kwargs) -> None:
    """Call `event(**kwargs)` in `<app>.<module>` of every installed app that defines it.

    How a lower layer tells higher apps of a change, in its own transaction, without
    importing them: `presale.services` tells `invoicing/presale_events.py` of paid,
    used, expired and refunded purchases (docs/architecture.md, registries)."""
    for contribution in app_modules(module):
        handler = getattr(contribution, event, None)
        if handler is not None:
            handler(**kwargs)
