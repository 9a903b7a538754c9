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
