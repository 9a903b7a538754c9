"""Receivables, recovery cases (Rückforderung) and objections (Widerspruch).

A `Receivable` is money the programme is owed by an organisation: an overpayment
found by a final proof of use, or the amount a recovery decision demands back with
its interest. A `RecoveryCase` is the administrative procedure that leads to such a
decision: started -> hearing -> answered -> decided (or dropped); an `Objection`
against the decision letter is recorded and decided, and its outcome applied to the
case and the receivable. `BaseRate` is the dated table of the base rate of § 247 BGB
that the interest of § 49a (3) VwVfG is computed from.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

MONEY = {"max_digits": 16, "decimal_places": 2}


class BaseRate(models.Model):
    """The base rate (Basiszinssatz, § 247 BGB) valid from a day until the next row.
    It changes on 1 January and 1 July; the Deutsche Bundesbank publishes it."""

    valid_from = models.DateField(_("valid from"), unique=True)
    rate = models.DecimalField(_("base rate (percent per year)"), max_digits=6, decimal_places=2)
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        ordering = ["-valid_from"]
        verbose_name = _("base rate")
        verbose_name_plural = _("base rates")

    def __str__(self) -> str:
        return f"{self.valid_from:%d.%m.%Y}: {self.rate} %"


class Receivable(models.Model):
    class Kind(models.TextChoices):
        OVERPAYMENT = "overpayment", _("overpayment")
        RECOVERY = "recovery", _("recovery")

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        PAID = "paid", _("repaid")
        WRITTEN_OFF = "written_off", _("written off")

    S = Status
    ALLOWED_TRANSITIONS = {
        S.OPEN: {S.PAID, S.WRITTEN_OFF},
        S.PAID: set(),
        S.WRITTEN_OFF: set(),
    }

    organisation = models.ForeignKey(
        "organizations.Organisation", on_delete=models.PROTECT, related_name="receivables"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    # What the money was granted for: "voucher:<code>", "compute_voucher:<code>".
    origin = models.CharField(_("origin"), max_length=120)
    # The call whose budget repaid money returns to (None: origin not known).
    call = models.ForeignKey(
        "programmes.Call", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    account = models.OneToOneField(
        "ledger.Account", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # What is owed as it stands (lowered when an objection is upheld; the reduction
    # is in amount_written_off).
    amount = models.DecimalField(_("principal (EUR)"), **MONEY)
    interest = models.DecimalField(_("interest (EUR)"), default=0, **MONEY)
    amount_repaid = models.DecimalField(_("repaid (EUR)"), default=0, **MONEY)
    amount_written_off = models.DecimalField(_("written off (EUR)"), default=0, **MONEY)
    reason = models.TextField(_("reason"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.OPEN
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("receivable")
        verbose_name_plural = _("receivables")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="receivable_amount_ge_0"),
            models.CheckConstraint(condition=Q(interest__gte=0), name="receivable_interest_ge_0"),
            models.CheckConstraint(
                condition=Q(amount_repaid__gte=0)
                & Q(amount_written_off__gte=0)
                & Q(amount_repaid__lte=F("amount") + F("interest")),
                name="receivable_repaid_within_due",
            ),
        ]
        indexes = [models.Index(fields=["status", "organisation"])]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        """The token the company puts into the remittance information of its transfer."""
        return f"KIV-RF-{self.pk}"

    @property
    def total_due(self):
        return self.amount + self.interest

    @property
    def outstanding(self):
        return self.amount + self.interest - self.amount_repaid


class Repayment(models.Model):
    """A bank statement entry matched to a receivable (one per statement entry)."""

    receivable = models.ForeignKey(Receivable, on_delete=models.PROTECT, related_name="repayments")
    entry_id = models.CharField(_("statement entry"), max_length=200, unique=True)
    amount = models.DecimalField(_("amount (EUR)"), **MONEY)
    booked_on = models.DateField(_("booked on"))
    debtor_name = models.CharField(_("debtor"), max_length=200, blank=True)
    debtor_iban = models.CharField(_("debtor IBAN"), max_length=34, blank=True)
    remittance = models.CharField(_("remittance information"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["booked_on", "pk"]
        verbose_name = _("repayment")
        verbose_name_plural = _("repayments")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="repayment_amount_gt_0")
        ]

    def __str__(self) -> str:
        return f"{self.entry_id}: {self.amount}"


class RecoveryCase(models.Model):
    class Status(models.TextChoices):
        STARTED = "started", _("started")
        HEARING = "hearing", _("hearing")
        ANSWERED = "answered", _("answer received")
        DECIDED = "decided", _("decided")
        DROPPED = "dropped", _("dropped")

    S = Status
    ALLOWED_TRANSITIONS = {
        S.STARTED: {S.HEARING, S.DROPPED},
        S.HEARING: {S.ANSWERED, S.DECIDED, S.DROPPED},
        S.ANSWERED: {S.DECIDED, S.DROPPED},
        # An objection upheld in full drops a decided case.
        S.DECIDED: {S.DROPPED},
        S.DROPPED: set(),
    }

    organisation = models.ForeignKey(
        "organizations.Organisation", on_delete=models.PROTECT, related_name="recovery_cases"
    )
    origin = models.CharField(_("origin"), max_length=120)
    origin_label = models.CharField(_("grant"), max_length=200, blank=True)
    call = models.ForeignKey(
        "programmes.Call", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The platform's de-minimis award of the grant (AidAward.reference).
    aid_reference = models.CharField(max_length=100, blank=True)
    granted = models.DecimalField(_("granted (EUR)"), **MONEY)
    amount = models.DecimalField(_("amount to be repaid (EUR)"), **MONEY)
    reason = models.TextField(_("reason"))
    ineffective_on = models.DateField(_("grant ineffective from"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.STARTED
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    started_at = models.DateTimeField(auto_now_add=True)
    hearing_sent_at = models.DateTimeField(null=True, blank=True)
    hearing_deadline = models.DateField(_("answer by"), null=True, blank=True)
    answer = models.TextField(_("answer"), blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decision_reason = models.TextField(_("reasons of the decision"), blank=True)
    interest = models.DecimalField(_("interest up to the decision (EUR)"), default=0, **MONEY)
    # The interest computation as shown in the letter: periods, rates, days, amounts.
    interest_detail = models.JSONField(default=dict, blank=True)
    receivable = models.OneToOneField(
        Receivable, null=True, blank=True, on_delete=models.PROTECT, related_name="case"
    )
    dropped_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-started_at", "-pk"]
        verbose_name = _("recovery case")
        verbose_name_plural = _("recovery cases")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="recoverycase_amount_gt_0"),
            models.CheckConstraint(
                condition=Q(amount__lte=F("granted")), name="recoverycase_amount_le_granted"
            ),
        ]

    def __str__(self) -> str:
        return f"RF-{self.pk} {self.origin}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("recovery:case", args=[self.pk])


class Objection(models.Model):
    """A Widerspruch against the decision letter (§ 70 VwGO: within one month)."""

    class Status(models.TextChoices):
        FILED = "filed", _("filed")
        UPHELD = "upheld", _("upheld")
        PARTLY_UPHELD = "partly_upheld", _("partly upheld")
        REJECTED = "rejected", _("rejected")

    S = Status
    ALLOWED_TRANSITIONS = {
        S.FILED: {S.UPHELD, S.PARTLY_UPHELD, S.REJECTED},
        S.UPHELD: set(),
        S.PARTLY_UPHELD: set(),
        S.REJECTED: set(),
    }

    case = models.OneToOneField(RecoveryCase, on_delete=models.PROTECT, related_name="objection")
    filed_on = models.DateField(_("filed on"))
    reason = models.TextField(_("reason"))
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=14, choices=Status.choices, default=Status.FILED
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_on = models.DateField(null=True, blank=True)
    decision_reason = models.TextField(blank=True)
    # The amount to be repaid after the objection (partly upheld), else the case's.
    amount_after = models.DecimalField(null=True, blank=True, **MONEY)

    class Meta:
        verbose_name = _("objection")
        verbose_name_plural = _("objections")

    def __str__(self) -> str:
        return f"Widerspruch RF-{self.case_id}"
