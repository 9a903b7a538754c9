from django.db.models import QuerySet
from django.utils import timezone

from kivoucher.programmes.figures import call_figures
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
    """Each call with its planned budget and its money figures from the ledger (total,
    available, committed, paid; `programmes.figures`), in a fixed number of queries."""
    calls = list(calls)
    figures = call_figures(calls=calls).per_call
    return [{"call": call, "budget": call.budget, **figures[call.pk]} for call in calls]


def call_budget_figures(*, call: Call) -> dict:
    return calls_with_budget_figures(calls=[call])[0]
