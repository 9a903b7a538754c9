from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from kivoucher.organizations.validators import validate_bic, validate_iban, validate_vat_id

MONEY = {"max_digits": 16, "decimal_places": 2}


class FederalState(models.TextChoices):
    BW = "BW", "Baden-Württemberg"
    BY = "BY", "Bayern"
    BE = "BE", "Berlin"
    BB = "BB", "Brandenburg"
    HB = "HB", "Bremen"
    HH = "HH", "Hamburg"
    HE = "HE", "Hessen"
    MV = "MV", "Mecklenburg-Vorpommern"
    NI = "NI", "Niedersachsen"
    NW = "NW", "Nordrhein-Westfalen"
    RP = "RP", "Rheinland-Pfalz"
    SL = "SL", "Saarland"
    SN = "SN", "Sachsen"
    ST = "ST", "Sachsen-Anhalt"
    SH = "SH", "Schleswig-Holstein"
    TH = "TH", "Thüringen"


class Organisation(models.Model):
    class Kind(models.TextChoices):
        COMPANY = "company", _("Company")
        PROVIDER = "provider", _("AI provider")
        DATA_CENTRE = "data_centre", _("Data centre")
        OPERATOR = "operator", _("Data-centre operating company")
        AGENCY = "agency", _("Funding agency")

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.COMPANY)
    legal_form = models.CharField(_("legal form"), max_length=40, blank=True)
    register_court = models.CharField(_("register court"), max_length=100, blank=True)
    register_number = models.CharField(
        _("register number"), max_length=40, blank=True, help_text=_("e.g. HRB 12345")
    )
    vat_id = models.CharField(_("VAT ID"), max_length=20, blank=True, validators=[validate_vat_id])
    street = models.CharField(_("street"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    country = models.CharField(_("country"), max_length=2, default="DE")
    federal_state = models.CharField(
        _("federal state"), max_length=2, blank=True, choices=FederalState.choices
    )
    sector = models.CharField(_("sector (NACE)"), max_length=10, blank=True)
    employees = models.PositiveIntegerField(_("employees (annual work units)"), default=0)
    annual_turnover = models.DecimalField(
        _("annual turnover (EUR)"), default=0, **MONEY, validators=[MinValueValidator(0)]
    )
    balance_sheet_total = models.DecimalField(
        _("balance sheet total (EUR)"), default=0, **MONEY, validators=[MinValueValidator(0)]
    )
    founded_on = models.DateField(_("founded on"), null=True, blank=True)
    iban = models.CharField(_("IBAN"), max_length=34, blank=True, validators=[validate_iban])
    bic = models.CharField(_("BIC"), max_length=11, blank=True, validators=[validate_bic])
    account_holder = models.CharField(_("account holder"), max_length=140, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        indexes = [models.Index(fields=["register_number"]), models.Index(fields=["vat_id"])]

    def __str__(self) -> str:
        return self.name

    @property
    def seat_in_germany(self) -> bool:
        return self.country == "DE"


class Director(models.Model):
    """A managing director; shared directors link a provider to an applicant."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="directors"
    )
    name = models.CharField(_("name"), max_length=200)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)

    class Meta:
        verbose_name = _("director")
        verbose_name_plural = _("directors")

    def __str__(self) -> str:
        return self.name


class OwnershipLink(models.Model):
    """`owner` holds `share_percent` of the capital or voting rights of `owned`."""

    owner = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="holdings")
    owned = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="owners")
    share_percent = models.DecimalField(
        _("share in percent"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    # Dominant influence by contract or statutes makes enterprises linked
    # whatever the share (Recommendation 2003/361/EC, Annex art. 3(3)).
    controls = models.BooleanField(_("dominant influence"), default=False)

    class Meta:
        verbose_name = _("ownership link")
        verbose_name_plural = _("ownership links")
        constraints = [
            models.UniqueConstraint(fields=["owner", "owned"], name="ownership_unique_pair"),
            models.CheckConstraint(condition=~Q(owner=F("owned")), name="ownership_not_self"),
            models.CheckConstraint(
                condition=Q(share_percent__gte=0, share_percent__lte=100),
                name="ownership_share_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.owner} → {self.owned} ({self.share_percent} %)"


class Membership(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="membership_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.organisation}"
