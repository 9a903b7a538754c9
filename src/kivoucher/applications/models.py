"""The shared application lifecycle: apply, review, decide, voucher.

An application belongs to a programme and a call; line I fills the project
fields (provider, category, costs), other lines keep their own details in a
related model and reuse the review, four-eyes decision and voucher machinery.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kivoucher.core.models import ChangeRequestBase
from kivoucher.core.uploads import StoredFile

MONEY = {"max_digits": 16, "decimal_places": 2}


class Application(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("submitted")
        IN_REVIEW = "in_review", _("in review")
        INFO_REQUESTED = "info_requested", _("more information requested")
        REVIEWED = "reviewed", _("reviewed, awaiting decision")
        APPROVED = "approved", _("approved")
        REJECTED = "rejected", _("rejected")
        WITHDRAWN = "withdrawn", _("withdrawn")

    class Selection(models.TextChoices):
        PENDING = "pending", _("not yet selected")
        SELECTED = "selected", _("selected")
        NOT_SELECTED = "not_selected", _("not selected")

    S = Status
    ALLOWED_TRANSITIONS = {
        S.DRAFT: {S.SUBMITTED, S.WITHDRAWN},
        S.SUBMITTED: {S.IN_REVIEW, S.INFO_REQUESTED, S.REVIEWED, S.REJECTED, S.WITHDRAWN},
        S.IN_REVIEW: {S.INFO_REQUESTED, S.REVIEWED, S.REJECTED, S.WITHDRAWN},
        S.INFO_REQUESTED: {S.SUBMITTED, S.WITHDRAWN},
        S.REVIEWED: {S.APPROVED, S.REJECTED, S.IN_REVIEW, S.WITHDRAWN},
        S.APPROVED: {S.WITHDRAWN},
        S.REJECTED: set(),
        S.WITHDRAWN: set(),
    }
    OPEN = (S.SUBMITTED, S.IN_REVIEW, S.INFO_REQUESTED, S.REVIEWED)
    EDITABLE = (S.DRAFT, S.INFO_REQUESTED)

    programme = models.ForeignKey(
        "programmes.Programme", on_delete=models.PROTECT, related_name="applications"
    )
    call = models.ForeignKey(
        "programmes.Call", on_delete=models.PROTECT, related_name="applications"
    )
    organisation = models.ForeignKey(
        "organizations.Organisation", on_delete=models.PROTECT, related_name="applications"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=S.DRAFT)
    # Project (line I)
    title = models.CharField(_("project title"), max_length=200)
    description = models.TextField(_("project description"), blank=True)
    category = models.ForeignKey(
        "programmes.ProjectCategory",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("project category"),
    )
    provider = models.ForeignKey(
        "organizations.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="provider_applications",
        verbose_name=_("provider"),
    )
    planned_costs = models.DecimalField(_("planned eligible costs (EUR)"), default=0, **MONEY)
    planned_start = models.DateField(_("planned start"), null=True, blank=True)
    planned_end = models.DateField(_("planned end"), null=True, blank=True)
    # Declarations
    sme_declared = models.BooleanField(_("SME declaration"), default=False)
    not_in_difficulty = models.BooleanField(_("not an undertaking in difficulty"), default=False)
    de_minimis_declared = models.BooleanField(_("de-minimis declaration complete"), default=False)
    declared_ties = models.TextField(
        _("business ties with the provider"),
        blank=True,
        help_text=_("Describe any ownership, personal or business ties with the provider."),
    )
    # Assessment
    size_class = models.CharField(_("size class"), max_length=10, blank=True)
    eligibility = models.JSONField(default=dict, blank=True)
    requested_grant = models.DecimalField(_("requested grant (EUR)"), default=0, **MONEY)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    last_submitted_at = models.DateTimeField(null=True, blank=True)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    review_score = models.PositiveSmallIntegerField(_("review score"), null=True, blank=True)
    selection = models.CharField(
        _("selection"), max_length=12, choices=Selection.choices, default=Selection.PENDING
    )
    lottery_draw = models.ForeignKey(
        "applications.LotteryDraw",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_reason = models.TextField(_("reasons"), blank=True)
    granted_amount = models.DecimalField(_("granted (EUR)"), null=True, blank=True, **MONEY)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        constraints = [
            models.CheckConstraint(
                condition=Q(planned_costs__gte=0), name="application_costs_ge_0"
            ),
            models.CheckConstraint(
                condition=Q(granted_amount__isnull=True) | Q(granted_amount__gte=0),
                name="application_grant_ge_0",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "submitted_at"]),
            models.Index(fields=["call", "status"]),
            # The caseworker queue, oldest first: read in index order, no sort of
            # every open application (bench/bench_pages.py).
            models.Index(
                fields=["submitted_at", "id"],
                condition=Q(status__in=["submitted", "in_review", "info_requested", "reviewed"]),
                name="application_open_queue",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("applications:detail", args=[self.pk])

    @property
    def reference(self) -> str:
        return f"KIV-{self.pk or 0:06d}"

    @property
    def is_editable(self) -> bool:
        return self.status in self.EDITABLE


class DeclaredAid(models.Model):
    """Earlier de-minimis aid the applicant declares (date and amount)."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="declared_aid"
    )
    granting_body = models.CharField(_("granting body"), max_length=200)
    amount = models.DecimalField(_("amount (EUR)"), **MONEY)
    granted_on = models.DateField(_("granted on"))

    class Meta:
        ordering = ["granted_on", "pk"]
        verbose_name = _("declared aid")
        verbose_name_plural = _("declared aid")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="declaredaid_amount_gt_0")
        ]

    def __str__(self) -> str:
        return f"{self.granting_body}: {self.amount}"


class Revision(models.Model):
    """A snapshot of the application at each (re)submission: the history is kept."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveSmallIntegerField()
    data = models.JSONField()
    note = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["application", "number"]
        constraints = [
            models.UniqueConstraint(fields=["application", "number"], name="revision_unique_number")
        ]

    def __str__(self) -> str:
        return f"{self.application_id} v{self.number}"


class Review(models.Model):
    class Recommendation(models.TextChoices):
        APPROVE = "approve", _("approve")
        REJECT = "reject", _("reject")

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="application_reviews"
    )
    checklist = models.JSONField(default=dict)
    score = models.PositiveSmallIntegerField(_("score (0-100)"))
    recommendation = models.CharField(
        _("recommendation"), max_length=10, choices=Recommendation.choices
    )
    comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(score__lte=100), name="review_score_le_100")
        ]

    def __str__(self) -> str:
        return f"review {self.application_id} by {self.reviewer_id}"


class InfoRequest(models.Model):
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="info_requests"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    message = models.TextField(_("what is missing"))
    created_at = models.DateTimeField(auto_now_add=True)
    answer = models.TextField(_("answer"), blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"info request {self.application_id}"


class LotteryDraw(models.Model):
    """A reproducible draw: the same seed and candidate ids give the same order."""

    call = models.ForeignKey("programmes.Call", on_delete=models.PROTECT, related_name="draws")
    seed = models.CharField(max_length=40)
    period_start = models.DateTimeField()
    period_end = models.DateTimeField()
    candidates = models.JSONField()
    order = models.JSONField()
    selected = models.JSONField()
    budget_available = models.DecimalField(**MONEY)
    drawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"draw {self.pk} of call {self.call_id}"


class Voucher(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", _("active")
        REDEEMED = "redeemed", _("redeemed (payout queued)")
        CLOSED = "closed", _("closed (paid)")
        EXPIRED = "expired", _("expired")
        CANCELLED = "cancelled", _("cancelled")

    ALLOWED_TRANSITIONS = {
        Status.ACTIVE: {Status.REDEEMED, Status.EXPIRED, Status.CANCELLED},
        Status.REDEEMED: {Status.CLOSED},
        Status.CLOSED: set(),
        Status.EXPIRED: set(),
        Status.CANCELLED: set(),
    }

    application = models.OneToOneField(
        Application, on_delete=models.PROTECT, related_name="voucher"
    )
    code = models.CharField(_("voucher code"), max_length=24, unique=True)
    amount = models.DecimalField(_("voucher value (EUR)"), **MONEY)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"))
    issued_at = models.DateTimeField(auto_now_add=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-issued_at"]
        verbose_name = _("voucher")
        verbose_name_plural = _("vouchers")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="voucher_amount_ge_0")
        ]
        indexes = [models.Index(fields=["status", "valid_until"])]

    def __str__(self) -> str:
        return self.code

    @property
    def payout_origin(self) -> str:
        """The `origin` of the payouts this voucher's proof of use queues."""
        return f"voucher:{self.code}"


class IssuedDocument(StoredFile):
    """An official document as it was issued: the decision letter and the voucher
    certificate are rendered once, when the decision is made and the voucher issued,
    and every later download serves these bytes (a renamed company or a changed
    template does not change a letter that was sent)."""

    class Kind(models.TextChoices):
        DECISION_LETTER = "decision_letter", _("decision letter")
        VOUCHER_CERTIFICATE = "voucher_certificate", _("voucher certificate")

    application = models.ForeignKey(
        Application, on_delete=models.PROTECT, related_name="issued_documents"
    )
    kind = models.CharField(_("document"), max_length=20, choices=Kind.choices)

    class Meta:
        verbose_name = _("issued document")
        verbose_name_plural = _("issued documents")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "kind"], name="issueddocument_one_per_kind"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.application_id})"


class ChangeRequest(ChangeRequestBase):
    """A change request (Änderungsantrag) on a voucher: the company asks, with a
    reason, for a longer validity, another accredited provider or other planned
    costs; a caseworker reviews, a second person decides (services/change_requests.py)."""

    class Kind(models.TextChoices):
        EXTENSION = "extension", _("extension of the validity")
        PROVIDER = "provider", _("another provider")
        COSTS = "costs", _("other planned costs")

    voucher = models.ForeignKey(Voucher, on_delete=models.PROTECT, related_name="change_requests")
    kind = models.CharField(_("change"), max_length=10, choices=Kind.choices)
    months = models.PositiveSmallIntegerField(_("extension (months)"), null=True, blank=True)
    provider = models.ForeignKey(
        "organizations.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("new provider"),
    )
    planned_costs = models.DecimalField(
        _("new planned eligible costs (EUR)"), null=True, blank=True, **MONEY
    )

    class Meta(ChangeRequestBase.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["voucher"],
                condition=Q(status__in=["submitted", "reviewed"]),
                name="changerequest_one_open_per_voucher",
            ),
            models.CheckConstraint(
                condition=Q(planned_costs__isnull=True) | Q(planned_costs__gt=0),
                name="changerequest_costs_gt_0",
            ),
        ]


class ChangeNotice(StoredFile):
    """The notice on a change request (Änderungsbescheid or rejection), as issued."""

    change_request = models.OneToOneField(
        ChangeRequest, on_delete=models.PROTECT, related_name="notice"
    )

    class Meta:
        verbose_name = _("change notice")
        verbose_name_plural = _("change notices")

    def __str__(self) -> str:
        return f"notice {self.change_request_id}"
