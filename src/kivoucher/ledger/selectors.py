from decimal import Decimal

from django.db.models import Q, Sum

from kivoucher.core.money import ZERO
from kivoucher.ledger.models import Account, Transfer


def account_balance_from_transfers(*, account: Account) -> Decimal:
    """The balance recomputed from the transfers (to check the running balance)."""
    credits = Transfer.objects.filter(destination=account).aggregate(s=Sum("amount"))["s"] or ZERO
    debits = Transfer.objects.filter(source=account).aggregate(s=Sum("amount"))["s"] or ZERO
    return credits - debits


def account_transfers(*, account: Account):
    return (
        Transfer.objects.filter(Q(source=account) | Q(destination=account))
        .select_related("source", "destination")
        .order_by("created_at", "pk")
    )


def ledger_total_balance() -> Decimal:
    return Account.objects.aggregate(s=Sum("balance"))["s"] or ZERO
