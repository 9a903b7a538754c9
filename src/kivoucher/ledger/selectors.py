from decimal import Decimal

from django.db.models import Q, Sum

from kivoucher.core.money import ZERO, round_money
from kivoucher.ledger.models import Account, Transfer


def money_sum(queryset, field: str) -> Decimal:
    """SUM of a money column, exact to the cent: SQLite adds decimals as floats, whose
    error (far below a cent) the rounding removes."""
    return round_money(queryset.aggregate(s=Sum(field))["s"] or ZERO)


def account_balance_from_transfers(*, account: Account) -> Decimal:
    """The balance recomputed from the transfers (to check the running balance)."""
    credits = money_sum(Transfer.objects.filter(destination=account), "amount")
    debits = money_sum(Transfer.objects.filter(source=account), "amount")
    return credits - debits


def account_transfers(*, account: Account):
    return (
        Transfer.objects.filter(Q(source=account) | Q(destination=account))
        .select_related("source", "destination")
        .order_by("created_at", "pk")
    )


def ledger_total_balance() -> Decimal:
    return money_sum(Account.objects.all(), "balance")
