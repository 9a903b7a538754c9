"""The workflow kernel: every status change and every decision goes through here.

`transition` is the one function that changes a model's `status`. The model
states its rules in `ALLOWED_TRANSITIONS` (status -> set of next statuses); the
kernel locks the row, checks the table, saves with `update_fields` and appends
one audit event named `<app>.<model>.<new status>` in the same transaction.

`separation_of_duties_check` is the one policy for the four-eyes principle: the
person who decides or releases something may not be one of those who prepared
it, nor a member of the organisation it is for.

A state change flows: service -> transition -> ledger -> audit -> on_commit
notifications (docs/architecture.md).
"""

from collections.abc import Iterable
from typing import TypeVar

from django.db import models, transaction
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from kivoucher.core.audit import audit_record
from kivoucher.core.errors import Conflict, PermissionDenied

M = TypeVar("M", bound=models.Model)


class FourEyesViolation(PermissionDenied):
    code = "four_eyes"


def audit_action(obj: models.Model, state: str) -> str:
    """The audit action of a state change: `<app>.<model>.<state>`."""
    return f"{obj._meta.app_label}.{obj._meta.model_name}.{state}"


def transition_allowed(obj: models.Model, to: str) -> bool:
    return to in type(obj).ALLOWED_TRANSITIONS.get(obj.status, ())


def transition(
    obj: M,
    to: str,
    *,
    actor,
    reason: str = "",
    data: dict | None = None,
    fields: dict | None = None,
    locked: bool = False,
    idempotent: bool = False,
) -> M:
    """Move `obj` to status `to`, with `fields` saved alongside; returns the saved row.

    The row is re-read under a lock (`select_for_update`) unless the caller says it
    already holds the lock and a fresh copy (`locked=True`). A change the model's
    table does not allow raises `Conflict` with code `invalid_transition`. The
    instance passed in is updated too, so callers may keep using it.

    With `idempotent`, a row that already has status `to` is returned as it is (no
    save, no audit event): for changes that several processes may make at once,
    such as two usage batches using up the same voucher.
    """
    model = type(obj)
    with transaction.atomic():
        row = obj if locked else model._default_manager.select_for_update().get(pk=obj.pk)
        old = row.status
        if idempotent and old == to:
            obj.status = to
            return row
        if to not in model.ALLOWED_TRANSITIONS.get(old, ()):
            status_labels = dict(model._meta.get_field("status").choices)
            raise Conflict(
                _("%(object)s cannot go from “%(old)s” to “%(new)s”.")
                % {
                    "object": capfirst(model._meta.verbose_name),
                    "old": status_labels.get(old, old),
                    "new": status_labels.get(to, to),
                },
                code="invalid_transition",
            )
        changed = {"status": to, **(fields or {})}
        for name, value in changed.items():
            setattr(row, name, value)
        update_fields = list(changed)
        # auto_now fields are only written when named in update_fields.
        update_fields += [
            f.name
            for f in model._meta.concrete_fields
            if getattr(f, "auto_now", False) and f.name not in changed
        ]
        row.save(update_fields=update_fields)
        audit_record(
            actor=actor,
            action=audit_action(row, to),
            obj=row,
            old_state=old,
            new_state=to,
            reason=reason,
            data=data,
        )
    if row is not obj:
        for name in update_fields:
            setattr(obj, name, getattr(row, name))
    return row


def separation_of_duties_check(
    *,
    actor,
    deciders: Iterable[str],
    prepared_by: Iterable = (),
    organisation_id: int | None = None,
    refusal: str = "",
) -> None:
    """Raise unless `actor` may decide or release what others prepared.

    - `actor` has one of the `deciders` roles, else `refusal` is the message
      (superusers are not exempt: a decision names a person in a deciding role);
    - `actor` is none of `prepared_by` (users or user ids: the reviewer, the
      assigned caseworker, the person who certified a payment...);
    - `actor` is not a member of `organisation_id`, the organisation the thing is
      for (a caseworker never decides for their own company).
    """
    if getattr(actor, "role", None) not in set(deciders):
        raise PermissionDenied(refusal or _("Only approvers may decide this."))
    actor_id = actor.pk
    preparers = {getattr(p, "pk", p) for p in prepared_by if p is not None}
    if actor_id in preparers:
        raise FourEyesViolation(
            _(
                "Four-eyes principle: you prepared this (review, case work or "
                "certification), so a second staff member must decide it."
            )
        )
    if (
        organisation_id is not None
        and actor.memberships.filter(organisation_id=organisation_id).exists()
    ):
        raise FourEyesViolation(
            _("You may not decide a matter of your own organisation."),
        )
