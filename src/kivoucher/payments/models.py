"""Payouts by SEPA credit transfer, collected into pain.001 batches."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

MONEY = {"max_digits": 16, "decimal_places": 2}


class PaymentBatch(models.Model):
    """A pain.001 document of released payouts.

    `held`: built but held back (its payouts stay `released`, may be taken out, and go
    to the bank only when the batch is exported); `exported`: the file went to the
    bank (its payouts are `exported`); `paid`: every payout in it is settled (paid or
    returned, from a bank statement or marked by hand); `discarded`: a held batch that
    was dissolved (its payouts went back to the queue)."""

    class Status(models.TextChoices):
        HELD = "held", _("held back")
        EXPORTED = "exported", _("exported")
        PAID = "paid", _("paid")
        DISCARDED = "discarded", _("discarded")

    ALLOWED_TRANSITIONS = {
        Status.HELD: {Status.EXPORTED, Status.DISCARDED},
        Status.EXPORTED: {Status.PAID},
        Status.PAID: set(),
        Status.DISCARDED: set(),
    }

    message_id = models.CharField(_("message id"), max_length=35, unique=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.EXPORTED
    )
    created_at = models.DateTimeField(_("built at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("built by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    exported_at = models.DateTimeField(_("exported at"), null=True, blank=True)
    exported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("exported by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    execution_date = models.DateField(_("execution date"))
    total = models.DecimalField(_("total"), **MONEY)
    count = models.PositiveIntegerField(_("number of payments"))
    xml = models.TextField(_("pain.001 document"), blank=True)
    paid_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
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
    """One SEPA credit transfer. `prepared` by whoever certified it (`prepared_by`;
    None: the system), `released` by an approver who did not prepare it, `exported` in
    a pain.001 batch, then `paid` or `returned` (from a bank statement); `cancelled`
    (with reasons) from prepared, released or returned. A returned payout is prepared
    again (new end-to-end id) once the beneficiary's bank details changed."""

    class Status(models.TextChoices):
        PREPARED = "prepared", _("prepared, awaiting release")
        RELEASED = "released", _("released for the next batch")
        EXPORTED = "exported", _("exported to the bank")
        PAID = "paid", _("paid")
        RETURNED = "returned", _("returned by the bank")
        CANCELLED = "cancelled", _("cancelled")

    ALLOWED_TRANSITIONS = {
        Status.PREPARED: {Status.RELEASED, Status.CANCELLED},
        Status.RELEASED: {Status.EXPORTED, Status.CANCELLED},
        Status.EXPORTED: {Status.PAID, Status.RETURNED},
        Status.PAID: {Status.RETURNED},
        Status.RETURNED: {Status.PREPARED, Status.CANCELLED},
        Status.CANCELLED: set(),
    }
    # Not yet exported: bank details may still change, the payout may be cancelled.
    WAITING = (Status.PREPARED, Status.RELEASED)
    # Open: the money is between the programme account and the beneficiary.
    OPEN = (Status.PREPARED, Status.RELEASED, Status.EXPORTED, Status.RETURNED)

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
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PREPARED
    )
    prepared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("prepared by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("released by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    released_at = models.DateTimeField(_("released at"), null=True, blank=True)
    # Why it was cancelled, or the bank's reason code of a return (e.g. AC04).
    reason = models.TextField(_("reason"), blank=True)
    return_code = models.CharField(_("return reason code"), max_length=10, blank=True)
    # Payment attempts: 1, and one more for each time it is prepared again after a return.
    attempt = models.PositiveSmallIntegerField(default=1)
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


class BankStatementEntry(models.Model):
    """One entry (transaction) of an imported camt.053 statement and what it did.

    `entry_id` identifies it across imports (the bank's reference, else a digest of
    the statement and the entry's content), so that importing the same statement
    again changes nothing: an entry already matched is reported `already_matched`."""

    class Result(models.TextChoices):
        MATCHED = "matched", _("matched")
        ALREADY_MATCHED = "already_matched", _("already matched")
        UNKNOWN = "unknown", _("unknown")
        AMOUNT_DIFFERS = "amount_differs", _("amount differs")

    entry_id = models.CharField(max_length=200, unique=True)
    message_id = models.CharField(_("statement message id"), max_length=100, blank=True)
    kind = models.CharField(max_length=20)  # payout | return | incoming | debit
    credit = models.BooleanField()
    amount = models.DecimalField(_("amount"), null=True, blank=True, **MONEY)
    booked_on = models.DateField(_("booked on"), null=True, blank=True)
    end_to_end_id = models.CharField(max_length=35, blank=True)
    reference = models.CharField(max_length=60, blank=True)
    counterparty = models.CharField(max_length=140, blank=True)
    remittance = models.TextField(blank=True)
    result = models.CharField(_("result"), max_length=20, choices=Result.choices)
    message = models.TextField(blank=True)
    payout = models.ForeignKey(
        Payout, null=True, blank=True, on_delete=models.PROTECT, related_name="statement_entries"
    )
    imported_at = models.DateTimeField(auto_now=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-imported_at", "-pk"]
        verbose_name = _("bank statement entry")
        verbose_name_plural = _("bank statement entries")

    def __str__(self) -> str:
        return f"{self.entry_id}: {self.result}"
