"""What a person may do next with a voucher, contributed by the later steps of line I.

The voucher page lives here; what happens to a voucher afterwards (the proof of
use) lives in `projects`, which imports this app, not the other way round. So
`projects` registers a source in its `AppConfig.ready`, and the voucher page shows
what the sources return: a link, or the reason why the person may not (computed
by the service's own check before any form is offered).
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class VoucherAction:
    title: str
    url: str
    refusal: str | None = None  # why the person may not, shown instead of the link


_SOURCES: list[Callable[..., list[VoucherAction]]] = []


def voucher_actions_register(source: Callable[..., list[VoucherAction]]) -> None:
    """`source(user=..., voucher=...)` returns the actions it offers this person."""
    if source not in _SOURCES:
        _SOURCES.append(source)


def voucher_actions(*, user, voucher) -> list[VoucherAction]:
    return [action for source in _SOURCES for action in source(user=user, voucher=voucher)]
