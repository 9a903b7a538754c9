"""Double-entry ledger: accounts and transfers in EUR.

A transfer moves a positive amount from a source to a destination account, so
the sum of all balances is always zero. `Account.balance` is the running sum
of the account's transfers, updated in the same transaction as the transfer
and guarded by a check constraint against the account's floor.
"""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

MONEY = {"max_digits": 16, "decimal_places": 2}


class Account(models.Model):
    code = models.CharField(_("code"), max_length=120, unique=True)
    name = models.CharField(_("name"), max_length=200)
    # The lowest balance allowed; None for accounts that represent the outside
    # world (the federal budget, bank, companies' own money) and may go negative.
    floor = models.DecimalField(_("floor"), null=True, blank=True, **MONEY)
    balance = models.DecimalField(_("balance"), default=0, **MONEY)
    # Many payers at once (a data centre's payable account): a batch credit whose
    # writer did not lock the account waits as a PendingCredit and joins the balance
    # when the account is next locked, so the payers never queue on this row.
    deferred_credits = models.BooleanField(_("credits deferred"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("ledger account")
        verbose_name_plural = _("ledger accounts")
        constraints = [
            models.CheckConstraint(
                condition=Q(floor__isnull=True) | Q(balance__gte=F("floor")),
                name="ledger_account_balance_above_floor",
            )
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def available(self):
        return None if self.floor is None else self.balance - self.floor


class Transfer(models.Model):
    key = models.CharField(_("idempotency key"), max_length=300, unique=True)
    source = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="debits")
    destination = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="credits")
    amount = models.DecimalField(_("amount"), **MONEY)
    kind = models.CharField(_("kind"), max_length=40)
    memo = models.CharField(_("memo"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("transfer")
        verbose_name_plural = _("transfers")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="ledger_transfer_positive"),
            models.CheckConstraint(
                condition=~Q(source=F("destination")), name="ledger_transfer_distinct_accounts"
            ),
        ]
        indexes = [
            models.Index(fields=["source", "created_at"]),
            models.Index(fields=["destination", "created_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.key}: {self.source} -> {self.destination} {self.amount}"


class PendingCredit(models.Model):
    """A transfer's credit not yet added to its account's balance
    (`Account.deferred_credits`): the balance is `balance` plus these."""

    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="pending_credits")
    transfer = models.OneToOneField(Transfer, on_delete=models.PROTECT, related_name="+")
    amount = models.DecimalField(**MONEY)

    class Meta:
        verbose_name = _("pending credit")
        verbose_name_plural = _("pending credits")

    def __str__(self) -> str:
        return f"{self.account_id} + {self.amount}"


class Hold(models.Model):
    """Money reserved on an account for later; posted or voided exactly once."""

    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        POSTED = "posted", _("posted")
        VOIDED = "voided", _("voided")

    key = models.CharField(max_length=300, unique=True)
    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="holds")
    amount = models.DecimalField(**MONEY)
    posted_amount = models.DecimalField(null=True, blank=True, **MONEY)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="ledger_hold_positive"),
        ]

    def __str__(self) -> str:
        return f"hold {self.key} {self.amount} ({self.status})"
