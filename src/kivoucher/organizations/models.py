from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from kivoucher.organizations.validators import (
    validate_bic,
    validate_iban,
    validate_register_number,
    validate_vat_id,
)

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
        # Line III: corporates, SMEs and start-ups that pre-buy capacity or subscribe
        # shares (presale.Purchase.buyer); a company may buy as well.
        BUYER = "buyer", _("Buyer / investor")

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.COMPANY)
    legal_form = models.CharField(_("legal form"), max_length=40, blank=True)
    register_court = models.CharField(_("register court"), max_length=100, blank=True)
    register_number = models.CharField(
        _("register number"),
        max_length=40,
        blank=True,
        help_text=_("e.g. HRB 12345"),
        validators=[validate_register_number],
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
    """A person acting for an organisation, with their role in it.

    Owners manage the members and the bank details; signatories (and owners) submit
    applications and make the binding declarations; members read and draft. An
    organisation with members always keeps an owner (organizations/members.py).
    A membership made without a role (the admin, the demo data) is an owner, as every
    membership was before roles existed; the self-service paths always name the role.
    """

    class Role(models.TextChoices):
        OWNER = "owner", _("Owner")
        SIGNATORY = "signatory", _("Signatory")
        MEMBER = "member", _("Member")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=12, choices=Role.choices, default=Role.OWNER)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="membership_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.organisation}"


# Roles that may submit applications and make the binding declarations.
SIGNING_ROLES = frozenset({Membership.Role.OWNER, Membership.Role.SIGNATORY})


class Invitation(models.Model):
    """An owner invites a person by e-mail with a role. The link in the mail is signed,
    expires after KIVOUCHER_INVITATION_DAYS and works once; only its hash is stored.
    Accepted only by a signed-in person with the invited address."""

    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        ACCEPTED = "accepted", _("accepted")
        REVOKED = "revoked", _("revoked")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("e-mail"))
    role = models.CharField(_("role"), max_length=12, choices=Membership.Role.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    key_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("accepted or revoked"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return f"{self.email} → {self.organisation} ({self.role})"

    def is_usable_at(self, now) -> bool:
        return self.status == self.Status.PENDING and self.expires_at > now


class JoinRequest(models.Model):
    """A person asks to join an organisation that is already registered (found by its
    register number or VAT ID); one of its owners accepts or declines."""

    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        ACCEPTED = "accepted", _("accepted")
        DECLINED = "declined", _("declined")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="join_requests"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="join_requests"
    )
    message = models.TextField(_("message"), blank=True, max_length=2000)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    role = models.CharField(_("role"), max_length=12, choices=Membership.Role.choices, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("join request")
        verbose_name_plural = _("join requests")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "user"],
                condition=Q(status="pending"),
                name="joinrequest_one_pending",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.organisation} ({self.status})"
