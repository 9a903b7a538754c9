"""Accreditation of AI providers for a programme and the evidence they upload."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kivoucher.core.uploads import StoredFile
from kivoucher.core.validators import validate_web_url, web_url_or_empty

MONEY = {"max_digits": 16, "decimal_places": 2}


class Competence(models.TextChoices):
    MACHINE_LEARNING = "ml", _("Machine learning")
    COMPUTER_VISION = "vision", _("Computer vision")
    NLP = "nlp", _("Language processing and LLMs")
    DATA_ENGINEERING = "data", _("Data engineering")
    MLOPS = "mlops", _("MLOps and operation")
    FORECASTING = "forecasting", _("Forecasting and optimisation")
    ROBOTICS = "robotics", _("Robotics")


class AccreditationCriterion(models.Model):
    """One item of the programme's checklist a provider must meet."""

    programme = models.ForeignKey(
        "programmes.Programme", on_delete=models.CASCADE, related_name="accreditation_criteria"
    )
    code = models.SlugField(_("code"))
    text = models.CharField(_("criterion"), max_length=300)
    order = models.PositiveSmallIntegerField(default=0)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["programme", "order", "code"]
        verbose_name = _("accreditation criterion")
        verbose_name_plural = _("accreditation criteria")
        constraints = [
            models.UniqueConstraint(fields=["programme", "code"], name="criterion_unique_code")
        ]

    def __str__(self) -> str:
        return self.text


class Accreditation(models.Model):
    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("submitted")
        ACCREDITED = "accredited", _("accredited")
        REJECTED = "rejected", _("rejected")
        REVOKED = "revoked", _("revoked")
        EXPIRED = "expired", _("expired")

    ALLOWED_TRANSITIONS = {
        Status.SUBMITTED: {Status.ACCREDITED, Status.REJECTED},
        Status.ACCREDITED: {Status.REVOKED, Status.EXPIRED},
        Status.REJECTED: set(),
        Status.REVOKED: set(),
        Status.EXPIRED: set(),
    }

    organisation = models.ForeignKey(
        "organizations.Organisation", on_delete=models.PROTECT, related_name="accreditations"
    )
    programme = models.ForeignKey(
        "programmes.Programme", on_delete=models.PROTECT, related_name="accreditations"
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.SUBMITTED
    )
    answers = models.JSONField(_("checklist"), default=dict, blank=True)
    # "|ml|nlp|": searchable with a plain LIKE on every database.
    competences = models.CharField(_("competences"), max_length=200, blank=True)
    categories = models.ManyToManyField(
        "programmes.ProjectCategory", blank=True, related_name="accreditations"
    )
    description = models.TextField(_("profile"), blank=True)
    website = models.URLField(_("website"), blank=True, validators=[validate_web_url])
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    annual_cap = models.DecimalField(
        _("annual cap of grant volume (EUR)"), null=True, blank=True, **MONEY
    )
    reminder_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-submitted_at"]
        verbose_name = _("accreditation")
        verbose_name_plural = _("accreditations")
        constraints = [
            # One open application per provider and programme.
            models.UniqueConstraint(
                fields=["organisation", "programme"],
                condition=Q(status="submitted"),
                name="accreditation_one_open",
            ),
            models.CheckConstraint(
                condition=Q(annual_cap__isnull=True) | Q(annual_cap__gte=0),
                name="accreditation_cap_ge_0",
            ),
        ]
        indexes = [models.Index(fields=["status", "valid_until"])]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.get_status_display()})"

    @property
    def competence_list(self) -> list[str]:
        return [c for c in self.competences.split("|") if c]

    @property
    def competence_labels(self) -> list[str]:
        labels = dict(Competence.choices)
        return [str(labels.get(c, c)) for c in self.competence_list]

    @property
    def website_link(self) -> str:
        """The website if a page may link to it; "" for a value stored before the
        http/https rule (javascript:, data:), which is shown as text only."""
        return web_url_or_empty(self.website)


class Evidence(StoredFile):
    accreditation = models.ForeignKey(
        Accreditation, on_delete=models.CASCADE, related_name="evidence"
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")

    def __str__(self) -> str:
        return self.original_name
