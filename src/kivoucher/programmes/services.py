"""Writes of programmes and calls. A call's budget is a ledger account funded
from the programme's federal appropriation (an outside-world account)."""

from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from kivoucher.core.audit import audit_record
from kivoucher.core.errors import DomainError
from kivoucher.core.models import User
from kivoucher.core.money import parse_money
from kivoucher.ledger.services import account_get_or_create, transfer_create
from kivoucher.programmes.models import Call, Programme


def appropriation_account(programme: Programme):
    return account_get_or_create(
        code=f"programme:{programme.code}:appropriation",
        name=f"Federal appropriation {programme.code}",
        floor=None,
    )


def call_budget_account(call: Call):
    return account_get_or_create(
        code=call.budget_account_code, name=f"Budget available: {call.name}"
    )


def call_committed_account(call: Call):
    return account_get_or_create(
        code=call.committed_account_code, name=f"Budget committed: {call.name}"
    )


def call_create(
    *,
    actor: User | None,
    programme: Programme,
    name: str,
    opens_at,
    closes_at,
    budget: Decimal,
    selection: str = Call.Selection.FCFS,
) -> Call:
    budget = parse_money(budget, field=_("Budget"))
    if closes_at <= opens_at:
        raise DomainError(_("A call must close after it opens."), code="invalid_window")
    with transaction.atomic():
        call = Call(
            programme=programme,
            name=name,
            opens_at=opens_at,
            closes_at=closes_at,
            budget=budget,
            selection=selection,
        )
        call.full_clean()
        call.save()
        if budget > 0:
            transfer_create(
                key=f"call:{call.pk}:funding",
                source=appropriation_account(programme),
                destination=call_budget_account(call),
                amount=budget,
                kind="budget_funding",
                memo=name,
            )
        else:
            call_budget_account(call)
        call_committed_account(call)
        audit_record(
            actor=actor,
            action="call.create",
            obj=call,
            new_state="open",
            data={"budget": str(budget), "selection": selection},
        )
        return call
