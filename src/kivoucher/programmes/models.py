"""Programme lines, their parameters, calls and the project categories (the annex)."""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

MONEY = {"max_digits": 16, "decimal_places": 2}
RATE = {
    "max_digits": 5,
    "decimal_places": 4,
    "validators": [MinValueValidator(0), MaxValueValidator(1)],
}


class Line(models.TextChoices):
    PROJECT = "project", _("KI-Voucher (AI projects of SMEs)")
    COMPUTE = "compute", _("KI-Compute-Voucher (GPU time for AI start-ups)")
    PRESALE = "presale", _("Capacity pre-sale (public-private AI data centre)")


class RuleSet(models.TextChoices):
    PROPOSAL = "proposal", _("Programme thresholds (< 5,000 staff, <= 500 M EUR turnover)")
    EU_SME = "eu_sme", _("EU SME definition (Recommendation 2003/361/EC)")


class PayoutMode(models.TextChoices):
    COMPANY = "company", _("Reimburse the company")
    PROVIDER = "provider", _("Pay the subsidy share to the provider")


class SizeClass(models.TextChoices):
    MICRO = "micro", _("micro enterprise")
    SMALL = "small", _("small enterprise")
    MEDIUM = "medium", _("medium-sized enterprise")
    LARGE = "large", _("large enterprise")


class Programme(models.Model):
    code = models.SlugField(_("code"), unique=True)
    line = models.CharField(_("programme line"), max_length=10, choices=Line.choices)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    # Eligibility
    rule_set = models.CharField(
        _("eligibility rule set"), max_length=10, choices=RuleSet.choices, default=RuleSet.PROPOSAL
    )
    max_employees = models.PositiveIntegerField(_("fewer employees than"), default=5000)
    max_turnover = models.DecimalField(
        _("turnover at most (EUR)"), default=Decimal("500000000"), **MONEY
    )
    # Grant
    max_grant = models.DecimalField(
        _("maximum grant per voucher (EUR)"), default=Decimal("50000"), **MONEY
    )
    rate_micro = models.DecimalField(_("subsidy rate, micro"), default=Decimal("1"), **RATE)
    rate_small = models.DecimalField(_("subsidy rate, small"), default=Decimal("0.8"), **RATE)
    rate_medium = models.DecimalField(_("subsidy rate, medium"), default=Decimal("0.6"), **RATE)
    rate_large = models.DecimalField(_("subsidy rate, large"), default=Decimal("0.5"), **RATE)
    payout_mode = models.CharField(
        _("payout mode"), max_length=10, choices=PayoutMode.choices, default=PayoutMode.COMPANY
    )
    voucher_validity_months = models.PositiveSmallIntegerField(
        _("voucher validity (months)"), default=12
    )
    # After the award: change requests and instalments
    extensions_max = models.PositiveSmallIntegerField(
        _("extensions of a voucher at most"), default=2
    )
    extension_months_max = models.PositiveSmallIntegerField(
        _("months one extension adds at most"), default=6
    )
    instalments_max = models.PositiveSmallIntegerField(
        _("instalments before the final proof at most"), default=3
    )
    instalments_share_max = models.DecimalField(
        _("share of the grant drawable before the final proof"), default=Decimal("0.8"), **RATE
    )
    # Providers (line I)
    accreditation_validity_months = models.PositiveSmallIntegerField(
        _("accreditation validity (months)"), default=24
    )
    provider_annual_cap = models.DecimalField(
        _("annual grant cap per provider (EUR)"),
        null=True,
        blank=True,
        default=Decimal("350000"),
        **MONEY,
    )
    # De-minimis (EU 2023/2831)
    de_minimis_ceiling = models.DecimalField(
        _("de-minimis ceiling (EUR)"), default=Decimal("300000"), **MONEY
    )
    de_minimis_years = models.PositiveSmallIntegerField(_("de-minimis period (years)"), default=3)
    is_de_minimis = models.BooleanField(_("grants are de-minimis aid"), default=True)

    class Meta:
        ordering = ["line", "code"]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        constraints = [
            models.CheckConstraint(condition=Q(max_grant__gte=0), name="programme_max_grant_ge_0"),
        ]

    def __str__(self) -> str:
        return self.name

    def rate_for(self, size_class: str) -> Decimal:
        return getattr(self, f"rate_{size_class}")


class Call(models.Model):
    class Selection(models.TextChoices):
        FCFS = "fcfs", _("first come, first served")
        LOTTERY = "lottery", _("lottery among applications received in a period")
        RANKING = "ranking", _("ranking by review score")

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="calls")
    name = models.CharField(_("name"), max_length=200)
    opens_at = models.DateTimeField(_("opens at"))
    closes_at = models.DateTimeField(_("closes at"))
    budget = models.DecimalField(_("budget (EUR)"), **MONEY)
    selection = models.CharField(
        _("selection method"), max_length=10, choices=Selection.choices, default=Selection.FCFS
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-opens_at"]
        verbose_name = _("call")
        verbose_name_plural = _("calls")
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=F("opens_at")), name="call_window_ordered"
            ),
            models.CheckConstraint(condition=Q(budget__gte=0), name="call_budget_ge_0"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def budget_account_code(self) -> str:
        return f"call:{self.pk}:budget"

    @property
    def committed_account_code(self) -> str:
        return f"call:{self.pk}:committed"


class ProjectCategory(models.Model):
    """An eligible project category of the programme's annex."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="categories")
    code = models.SlugField(_("code"))
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    active = models.BooleanField(_("active"), default=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["programme", "order", "code"]
        verbose_name = _("project category")
        verbose_name_plural = _("project categories")
        constraints = [
            models.UniqueConstraint(fields=["programme", "code"], name="category_unique_code")
        ]

    def __str__(self) -> str:
        return self.name


class AidAward(models.Model):
    """Aid an undertaking received: the platform's own grants of every line and
    earlier aid declared by applicants. The de-minimis check sums these."""

    class Source(models.TextChoices):
        PLATFORM = "platform", _("granted by this programme")
        DECLARED = "declared", _("declared by the applicant")

    organisation = models.ForeignKey(
        "organizations.Organisation", on_delete=models.PROTECT, related_name="aid_awards"
    )
    programme = models.ForeignKey(
        Programme, null=True, blank=True, on_delete=models.PROTECT, related_name="aid_awards"
    )
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    # Platform awards: the object that granted it ("application:12"); unique, so
    # recording the same grant twice is idempotent.
    reference = models.CharField(_("reference"), max_length=100)
    granting_body = models.CharField(_("granting body"), max_length=200, blank=True)
    amount = models.DecimalField(_("amount (EUR)"), **MONEY)
    granted_on = models.DateField(_("granted on"))
    is_de_minimis = models.BooleanField(_("de-minimis aid"), default=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-granted_on"]
        verbose_name = _("aid award")
        verbose_name_plural = _("aid awards")
        constraints = [
            models.UniqueConstraint(fields=["source", "reference"], name="aidaward_unique_ref"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="aidaward_amount_ge_0"),
        ]
        indexes = [models.Index(fields=["organisation", "granted_on"])]

    def __str__(self) -> str:
        return f"{self.organisation_id}: {self.amount} ({self.granted_on})"


class AidAwardReduction(models.Model):
    """A reduction of a platform award after it was granted (a final amount below the
    grant, a recovery): `AidAward.amount` is the award as it stands, the reductions
    are its history, which the de-minimis register export lists as negative rows."""

    award = models.ForeignKey(AidAward, on_delete=models.PROTECT, related_name="reductions")
    # What reduced it ("recovery:12", "final:application:3"); one row per reference.
    reference = models.CharField(_("reference"), max_length=100, unique=True)
    amount = models.DecimalField(_("reduction (EUR)"), **MONEY)
    reduced_on = models.DateField(_("reduced on"))
    reason = models.CharField(_("reason"), max_length=300, blank=True)

    class Meta:
        ordering = ["reduced_on", "pk"]
        verbose_name = _("aid award reduction")
        verbose_name_plural = _("aid award reductions")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="aidreduction_amount_gt_0"),
        ]

    def __str__(self) -> str:
        return f"{self.reference}: -{self.amount}"
