"""Payouts by SEPA credit transfer, collected into pain.001 batches."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

MONEY = {"max_digits": 16, "decimal_places": 2}


class PaymentBatch(models.Model):
    class Status(models.TextChoices):
        EXPORTED = "exported", _("exported")
        PAID = "paid", _("paid")

    ALLOWED_TRANSITIONS = {Status.EXPORTED: {Status.PAID}, Status.PAID: set()}

    message_id = models.CharField(_("message id"), max_length=35, unique=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.EXPORTED)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    execution_date = models.DateField(_("execution date"))
    total = models.DecimalField(_("total"), **MONEY)
    count = models.PositiveIntegerField(_("number of payments"))
    xml = models.TextField(_("pain.001 document"))
    paid_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("payment batch")
        verbose_name_plural = _("payment batches")

    def __str__(self) -> str:
        return self.message_id


class BankDetailsChange(models.Model):
    """A change of an organisation's bank details, with the four eyes it needed.

    A change that could redirect money (payouts are open, or staff made it for the
    organisation) waits as `pending` until a second person confirms it; meanwhile the
    organisation keeps its old details and its payouts are held. Any other change is
    recorded as `applied` at once (payments.services.bank_details_change)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("awaiting confirmation")
        CONFIRMED = "confirmed", _("confirmed")
        REJECTED = "rejected", _("rejected")
        APPLIED = "applied", _("applied directly")

    ALLOWED_TRANSITIONS = {
        Status.PENDING: {Status.CONFIRMED, Status.REJECTED},
        Status.CONFIRMED: set(),
        Status.REJECTED: set(),
        Status.APPLIED: set(),
    }

    organisation = models.ForeignKey(
        "organizations.Organisation", on_delete=models.CASCADE, related_name="bank_details_changes"
    )
    old_iban = models.CharField(_("previous IBAN"), max_length=34, blank=True)
    old_bic = models.CharField(_("previous BIC"), max_length=11, blank=True)
    old_account_holder = models.CharField(_("previous account holder"), max_length=140, blank=True)
    new_iban = models.CharField(_("new IBAN"), max_length=34, blank=True)
    new_bic = models.CharField(_("new BIC"), max_length=11, blank=True)
    new_account_holder = models.CharField(_("new account holder"), max_length=140, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("change of bank details")
        verbose_name_plural = _("changes of bank details")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation"],
                condition=Q(status="pending"),
                name="bank_details_change_one_pending",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id}: {self.old_iban} → {self.new_iban} ({self.status})"


class Payout(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("waiting for the next batch")
        BATCHED = "batched", _("in a SEPA batch")
        PAID = "paid", _("paid")
        CANCELLED = "cancelled", _("cancelled")

    ALLOWED_TRANSITIONS = {
        Status.PENDING: {Status.BATCHED, Status.CANCELLED},
        Status.BATCHED: {Status.PAID},
        Status.PAID: set(),
        Status.CANCELLED: set(),
    }

    key = models.CharField(max_length=120, unique=True)
    origin = models.CharField(
        _("origin"), max_length=100, help_text=_("what the payout is for, e.g. project:12")
    )
    beneficiary = models.ForeignKey(
        "organizations.Organisation", on_delete=models.PROTECT, related_name="payouts"
    )
    name = models.CharField(_("account holder"), max_length=140)
    iban = models.CharField(_("IBAN"), max_length=34)
    bic = models.CharField(_("BIC"), max_length=11, blank=True)
    amount = models.DecimalField(_("amount"), **MONEY)
    remittance = models.CharField(_("remittance information"), max_length=140)
    end_to_end_id = models.CharField(max_length=35, unique=True)
    source_account = models.CharField(_("ledger account paid from"), max_length=120)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    batch = models.ForeignKey(
        PaymentBatch, null=True, blank=True, on_delete=models.PROTECT, related_name="payouts"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    paid_at = models.DateTimeField(null=True, blank=True)
    # The change of the beneficiary's bank details this payout waited for (held while
    # it is pending; re-addressed when it was confirmed, unchanged when rejected).
    bank_details_change = models.ForeignKey(
        BankDetailsChange,
        verbose_name=_("change of bank details"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="payouts",
    )

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("payout")
        verbose_name_plural = _("payouts")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="payout_amount_positive"),
        ]
        indexes = [models.Index(fields=["status"]), models.Index(fields=["origin"])]

    def __str__(self) -> str:
        return f"{self.end_to_end_id} {self.amount} → {self.name}"
