from django.db.models import QuerySet
from django.utils import timezone

from kivoucher.core.money import ZERO
from kivoucher.ledger.models import Account
from kivoucher.programmes.models import Call, Programme


def programmes_all() -> QuerySet[Programme]:
    return Programme.objects.all()


def calls_open(*, line: str | None = None) -> QuerySet[Call]:
    now = timezone.now()
    qs = Call.objects.select_related("programme").filter(opens_at__lte=now, closes_at__gt=now)
    if line:
        qs = qs.filter(programme__line=line)
    return qs


def calls_with_budget_figures(*, calls) -> list[dict]:
    """Each call with its budget total, available and committed, in one ledger query."""
    calls = list(calls)
    codes = [c.budget_account_code for c in calls] + [c.committed_account_code for c in calls]
    balances = dict(Account.objects.filter(code__in=codes).values_list("code", "balance"))
    return [
        {
            "call": call,
            "total": call.budget,
            "available": balances.get(call.budget_account_code, ZERO),
            "committed": balances.get(call.committed_account_code, ZERO),
        }
        for call in calls
    ]


def call_budget_figures(*, call: Call) -> dict:
    return calls_with_budget_figures(calls=[call])[0]
