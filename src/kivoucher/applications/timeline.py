"""Where a line I application stands: the steps of its procedure in order, from the
draft to the payment, each done, current or still to come, with the moment it was
reached.

A pure function over the application, its voucher and the audit events of both (no
queries of its own), so the page and the tests read the same steps. The moments come
from the rows' own dates where they keep one (submitted, decided, voucher issued,
paid) and from the audit log for the others (review began, proof of use accepted,
withdrawn).

The current step is the last one reached: the application is there now. A procedure
that ended early (rejected, withdrawn, voucher expired or cancelled) ends with that
step and shows no steps to come.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from kivoucher.applications.models import Application, Voucher

DONE, CURRENT, PENDING = "done", "current", "pending"

S = Application.Status
REVIEW_STATES = (S.IN_REVIEW, S.INFO_REQUESTED, S.REVIEWED)


@dataclass(frozen=True)
class Step:
    code: str
    label: str | Promise
    state: str = PENDING  # done, current or pending
    at: datetime | date | None = None
    note: str | Promise = ""

    @property
    def is_current(self) -> bool:
        return self.state == CURRENT

    @property
    def is_done(self) -> bool:
        return self.state == DONE


def _first(events: Iterable, *states: str):
    """The moment of the first event that moved the object into one of `states`."""
    for event in events:
        if event.new_state in states:
            return event.created_at
    return None


def _voucher_steps(voucher: Voucher, voucher_events: list) -> tuple[list[Step], list[Step]]:
    """The steps after the decision: (reached, still to come)."""
    vs = Voucher.Status
    reached = [Step("voucher", _("Voucher issued"), at=voucher.issued_at)]
    project = Step(
        "project",
        _("Project with the provider"),
        at=voucher.valid_from,
        note=_("The voucher is valid until %(date)s.")
        % {"date": voucher.valid_until.strftime("%d.%m.%Y")},
    )
    proof = Step(
        "proof",
        _("Proof of use accepted, payment on its way"),
        at=_first(voucher_events, vs.REDEEMED),
    )
    paid = Step("paid", _("Grant paid"), at=voucher.closed_at)
    if voucher.status == vs.ACTIVE:
        return [*reached, project], [proof, paid]
    if voucher.status == vs.REDEEMED:
        return [*reached, project, proof], [paid]
    if voucher.status == vs.CLOSED:
        return [*reached, project, proof, paid], []
    ended = {
        vs.EXPIRED: _("Voucher expired"),
        vs.CANCELLED: _("Voucher cancelled"),
    }[voucher.status]
    return [*reached, Step("voucher_end", ended, at=_first(voucher_events, voucher.status))], []


def application_timeline(
    *,
    application: Application,
    events: Iterable,
    voucher: Voucher | None = None,
    voucher_events: Iterable = (),
) -> list[Step]:
    """The steps of `application`'s procedure; `events` are its audit events (oldest
    first), `voucher_events` those of its voucher (needed from the proof of use on)."""
    app = application
    events, voucher_events = list(events), list(voucher_events)
    status = app.status
    decided = status in (S.APPROVED, S.REJECTED) or app.decided_at is not None
    review_at = _first(events, *REVIEW_STATES)

    reached = [Step("draft", _("Draft saved"), at=app.created_at)]
    to_come = []
    submitted = Step("submitted", _("Application submitted"), at=app.submitted_at)
    review = Step(
        "review",
        _("Review by the funding agency"),
        at=review_at,
        note=_("More information has been requested: please answer and submit again.")
        if status == S.INFO_REQUESTED
        else "",
    )
    decision = Step("decision", _("Decision"))
    voucher_step = Step("voucher", _("Voucher issued"))
    later = [
        Step("project", _("Project with the provider")),
        Step("proof", _("Proof of use accepted, payment on its way")),
        Step("paid", _("Grant paid")),
    ]

    if app.submitted_at is not None:
        reached.append(submitted)
    else:
        to_come.append(submitted)
    if status in REVIEW_STATES or (review_at is not None and status != S.DRAFT):
        reached.append(review)
    elif not decided and status != S.WITHDRAWN:
        to_come.append(review)

    if status == S.REJECTED:
        at = app.decided_at or _first(events, S.REJECTED)
        reached.append(Step("decision", _("Rejected"), at=at))
    elif status == S.APPROVED or (status == S.WITHDRAWN and app.decided_at is not None):
        reached.append(Step("decision", _("Approved"), at=app.decided_at))
        if voucher is None:
            to_come += [voucher_step, *later]
        else:
            done, pending = _voucher_steps(voucher, voucher_events)
            reached += done
            to_come += pending
    elif status != S.WITHDRAWN:
        to_come += [decision, voucher_step, *later]

    if status == S.WITHDRAWN:
        reached.append(
            Step("withdrawn", _("Application withdrawn"), at=_first(events, S.WITHDRAWN))
        )
        to_come = []

    last = len(reached) - 1
    steps = [
        Step(s.code, s.label, CURRENT if i == last else DONE, s.at, s.note)
        for i, s in enumerate(reached)
    ]
    return steps + [Step(s.code, s.label, PENDING) for s in to_come]
