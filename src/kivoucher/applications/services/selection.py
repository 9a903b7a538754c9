"""How a call picks applications: a seeded, reproducible lottery or a ranking by score.

First come, first served needs no step of its own: applications are decided in
the order they were submitted and the ledger refuses commitments beyond the
budget.
"""

import random
import secrets
from datetime import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from kivoucher.applications.models import Application, LotteryDraw
from kivoucher.core.audit import audit_record
from kivoucher.core.errors import DomainError, PermissionDenied
from kivoucher.core.models import User
from kivoucher.core.roles import Role
from kivoucher.core.workflow import transition
from kivoucher.programmes.models import Call
from kivoucher.programmes.selectors import call_budget_figures

SELECTORS = {Role.PROGRAMME_ADMIN}
ELIGIBLE = (Application.Status.SUBMITTED, Application.Status.IN_REVIEW, Application.Status.REVIEWED)


def lottery_order(seed: str, candidate_ids: list[int]) -> list[int]:
    """The draw: a permutation of the sorted ids by a RNG seeded with `seed`."""
    ids = sorted(candidate_ids)
    random.Random(f"kivoucher-lottery:{seed}").shuffle(ids)
    return ids


def _require_selector(actor: User, call: Call, method: str) -> None:
    if actor.role not in SELECTORS:
        raise PermissionDenied(_("Only programme admins run the selection of a call."))
    if call.selection != method:
        raise DomainError(
            _("This call selects by %(method)s.") % {"method": call.get_selection_display()},
            code="wrong_method",
        )


def _pick(actor, call: Call, ordered: list[Application], reason: str, draw=None) -> list[int]:
    available = call_budget_figures(call=call)["available"]
    # Selected applications not yet approved already claim part of the budget.
    pending = Application.objects.filter(
        call=call, selection=Application.Selection.SELECTED, status__in=ELIGIBLE
    )
    remaining = available - sum(a.requested_grant for a in pending)
    selected = []
    for app in ordered:
        fields = {"lottery_draw": draw} if draw else {}
        if app.requested_grant <= remaining:
            remaining -= app.requested_grant
            selected.append(app.pk)
            Application.objects.filter(pk=app.pk).update(
                selection=Application.Selection.SELECTED, **fields
            )
            audit_record(actor=actor, action="application.selected", obj=app, reason=reason)
        else:
            Application.objects.filter(pk=app.pk).update(
                selection=Application.Selection.NOT_SELECTED, **fields
            )
            transition(
                app,
                Application.Status.REJECTED,
                actor=actor,
                reason=reason,
                fields={"decision_reason": reason},
            )
    return selected


def lottery_draw(
    *, actor: User, call: Call, period_start: datetime, period_end: datetime, seed: str = ""
) -> LotteryDraw:
    """Draw among the applications received in [period_start, period_end)."""
    _require_selector(actor, call, Call.Selection.LOTTERY)
    if period_end <= period_start:
        raise DomainError(_("The period must end after it starts."), code="invalid_window")
    seed = seed or secrets.token_hex(16)
    with transaction.atomic():
        Call.objects.select_for_update().get(pk=call.pk)
        candidates = list(
            Application.objects.select_for_update()
            .filter(
                call=call,
                status__in=ELIGIBLE,
                selection=Application.Selection.PENDING,
                submitted_at__gte=period_start,
                submitted_at__lt=period_end,
            )
            .order_by("pk")
        )
        if not candidates:
            raise DomainError(_("No applications to draw from in this period."), code="empty")
        ids = [a.pk for a in candidates]
        order = lottery_order(seed, ids)
        by_id = {a.pk: a for a in candidates}
        draw = LotteryDraw.objects.create(
            call=call,
            seed=seed,
            period_start=period_start,
            period_end=period_end,
            candidates=ids,
            order=order,
            selected=[],
            budget_available=call_budget_figures(call=call)["available"],
            drawn_by=actor,
        )
        selected = _pick(
            actor, call, [by_id[i] for i in order], _("not drawn in the lottery"), draw=draw
        )
        draw.selected = selected
        draw.save(update_fields=["selected"])
        audit_record(
            actor=actor,
            action="call.lottery_draw",
            obj=call,
            data={
                "draw": draw.pk,
                "seed": seed,
                "candidates": ids,
                "order": order,
                "selected": selected,
            },
        )
        return draw


def ranking_select(*, actor: User, call: Call) -> list[int]:
    """Select the reviewed applications by score (ties: earlier submission) within budget."""
    _require_selector(actor, call, Call.Selection.RANKING)
    with transaction.atomic():
        Call.objects.select_for_update().get(pk=call.pk)
        ranked = list(
            Application.objects.select_for_update()
            .filter(
                call=call,
                status=Application.Status.REVIEWED,
                selection=Application.Selection.PENDING,
            )
            .order_by("-review_score", "submitted_at", "pk")
        )
        if not ranked:
            raise DomainError(_("No reviewed applications to rank."), code="empty")
        selected = _pick(actor, call, ranked, _("ranked below the funding line"))
        audit_record(
            actor=actor,
            action="call.ranking",
            obj=call,
            data={"ranking": [a.pk for a in ranked], "selected": selected},
        )
        return selected
