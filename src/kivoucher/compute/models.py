"""Line II: data centres with their Gaia-X evidence, price lists, compute vouchers,
metered usage, holds, settlement statements, applications and final reports.

Money never lives in these rows: a voucher's balance is its ledger account, a
data centre's claim is its payable account. The amounts stored on usage records
are what the ledger moved for them (charged) and what it could not (uncovered).
"""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kivoucher.core.models import ChangeRequestBase
from kivoucher.core.uploads import StoredFile

MONEY = {"max_digits": 16, "decimal_places": 2}
PRICE = {"max_digits": 12, "decimal_places": 4}
QUANTITY = {"max_digits": 20, "decimal_places": 6}
# quantity (6 decimals) x price (4 decimals): an exact usage amount has 10 decimals.
EXACT = {"max_digits": 24, "decimal_places": 10}


class DataCentre(models.Model):
    """The onboarding profile of an `Organisation(kind=data_centre)`."""

    class Evidence(models.TextChoices):
        UNVERIFIED = "unverified", _("not yet verified")
        VALID = "valid", _("valid")
        EXPIRING = "expiring", _("valid, expiring soon")
        LAPSED = "lapsed", _("lapsed or invalid")

    organisation = models.OneToOneField(
        "organizations.Organisation", on_delete=models.PROTECT, related_name="data_centre_profile"
    )
    code = models.SlugField(_("code"), unique=True)
    location_city = models.CharField(_("location (city)"), max_length=100)
    location_country = models.CharField(_("location (country code)"), max_length=2)
    operator_name = models.CharField(_("operator"), max_length=200)
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    participant_id = models.CharField(_("Gaia-X participant id"), max_length=300, blank=True)
    evidence_status = models.CharField(
        _("evidence"), max_length=12, choices=Evidence.choices, default=Evidence.UNVERIFIED
    )
    evidence_checked_at = models.DateTimeField(null=True, blank=True)
    evidence_expires_at = models.DateTimeField(null=True, blank=True)
    # Self-billing (Gutschrift, § 14 (2) sentence 2 UStG): the data centre agrees that
    # the programme issues the invoices of its settlement statements in its name.
    self_billing_consent = models.BooleanField(_("consents to self-billing"), default=False)
    self_billing_consent_at = models.DateTimeField(
        _("self-billing consent given or withdrawn at"), null=True, blank=True
    )
    self_billing_consent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("data centre")
        verbose_name_plural = _("data centres")

    def __str__(self) -> str:
        return self.code

    @property
    def payable_account_code(self) -> str:
        return f"compute:dc:{self.code}:payable"

    @property
    def accepts_new_vouchers(self) -> bool:
        return self.evidence_status in {self.Evidence.VALID, self.Evidence.EXPIRING}


class PinnedKey(models.Model):
    """A public key pinned at onboarding: signatures are checked against these only."""

    data_centre = models.ForeignKey(DataCentre, on_delete=models.CASCADE, related_name="keys")
    kid = models.CharField(_("verification method"), max_length=500)
    jwk = models.JSONField(_("public key (JWK)"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("pinned key")
        verbose_name_plural = _("pinned keys")
        constraints = [
            models.UniqueConstraint(fields=["data_centre", "kid"], name="pinnedkey_unique_kid")
        ]

    def __str__(self) -> str:
        return self.kid


class Credential(models.Model):
    class Kind(models.TextChoices):
        PARTICIPANT = "participant", _("participant")
        REGISTRATION = "registration_number", _("registration number")
        SERVICE_OFFERING = "service_offering", _("service offering")
        COMPLIANCE = "compliance", _("compliance (clearing house)")
        TERMS = "terms", _("terms and conditions")

    class Format(models.TextChoices):
        JSONLD = "jsonld", _("JSON-LD with JsonWebSignature2020")
        VC_JWT = "vc_jwt", _("VC-JWT")

    data_centre = models.ForeignKey(
        DataCentre, on_delete=models.CASCADE, related_name="credentials"
    )
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    fmt = models.CharField(_("format"), max_length=8, choices=Format.choices)
    raw = models.TextField(_("as submitted"))
    document = models.JSONField(_("credential"))
    credential_id = models.CharField(max_length=500, blank=True)
    issuer = models.CharField(max_length=500, blank=True)
    valid_from = models.DateTimeField(null=True, blank=True)
    valid_until = models.DateTimeField(null=True, blank=True)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["data_centre", "kind", "pk"]
        verbose_name = _("Gaia-X credential")
        verbose_name_plural = _("Gaia-X credentials")

    def __str__(self) -> str:
        return f"{self.kind}: {self.credential_id}"


class Verification(models.Model):
    """One offline verification of all evidence of a data centre, check by check."""

    data_centre = models.ForeignKey(
        DataCentre, on_delete=models.CASCADE, related_name="verifications"
    )
    checked_at = models.DateTimeField()
    passed = models.BooleanField()
    checks = models.JSONField(default=list)
    expires_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-checked_at", "-pk"]
        verbose_name = _("evidence verification")
        verbose_name_plural = _("evidence verifications")

    def __str__(self) -> str:
        return f"{self.data_centre_id} {self.checked_at:%Y-%m-%d} {self.passed}"


class Unit(models.TextChoices):
    GPU_HOUR = "gpu_hour", _("GPU hour")
    CORE_HOUR = "core_hour", _("CPU core hour")
    TB_MONTH = "tb_month", _("TB month of storage")
    GB_MONTH = "gb_month", _("GB month of storage")


class PriceListVersion(models.Model):
    data_centre = models.ForeignKey(
        DataCentre, on_delete=models.PROTECT, related_name="price_versions"
    )
    version = models.PositiveIntegerField(_("version"))
    valid_from = models.DateTimeField(_("valid from"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["data_centre", "-valid_from"]
        verbose_name = _("price list")
        verbose_name_plural = _("price lists")
        constraints = [
            models.UniqueConstraint(
                fields=["data_centre", "version"], name="pricelist_unique_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.data_centre_id} v{self.version}"


class PriceItem(models.Model):
    price_list = models.ForeignKey(PriceListVersion, on_delete=models.CASCADE, related_name="items")
    resource = models.SlugField(_("resource"), max_length=64)
    unit = models.CharField(_("unit"), max_length=12, choices=Unit.choices)
    price = models.DecimalField(_("price per unit (EUR)"), **PRICE)
    # How the Slurm import recognises the resource: "gres/gpu:a100", "gres/gpu", "cpu".
    slurm_tres = models.CharField(_("Slurm TRES"), max_length=64, blank=True)

    class Meta:
        ordering = ["price_list", "resource"]
        verbose_name = _("price")
        verbose_name_plural = _("prices")
        constraints = [
            models.UniqueConstraint(
                fields=["price_list", "resource"], name="priceitem_unique_resource"
            ),
            models.CheckConstraint(condition=Q(price__gte=0), name="priceitem_price_ge_0"),
        ]

    def __str__(self) -> str:
        return f"{self.resource} {self.price}/{self.unit}"


class ComputeVoucher(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", _("active")
        EXHAUSTED = "exhausted", _("used up")
        EXPIRED = "expired", _("expired")
        CANCELLED = "cancelled", _("cancelled")

    S = Status
    ALLOWED_TRANSITIONS = {
        S.ACTIVE: {S.EXHAUSTED, S.EXPIRED, S.CANCELLED},
        # A correction (reversing record) can bring money back to a used-up voucher.
        S.EXHAUSTED: {S.ACTIVE, S.EXPIRED},
        S.EXPIRED: set(),
        S.CANCELLED: set(),
    }

    code = models.CharField(_("code"), max_length=32, unique=True)
    organisation = models.ForeignKey(
        "organizations.Organisation", on_delete=models.PROTECT, related_name="compute_vouchers"
    )
    data_centre = models.ForeignKey(DataCentre, on_delete=models.PROTECT, related_name="vouchers")
    programme = models.ForeignKey(
        "programmes.Programme", on_delete=models.PROTECT, related_name="+"
    )
    call = models.ForeignKey("programmes.Call", on_delete=models.PROTECT, related_name="+")
    application = models.OneToOneField(
        "compute.ComputeApplication",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="voucher",
    )
    account = models.OneToOneField("ledger.Account", on_delete=models.PROTECT, related_name="+")
    value = models.DecimalField(_("value (EUR)"), **MONEY)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    issued_at = models.DateTimeField(_("issued at"))
    valid_until = models.DateField(_("valid until"))
    slurm_account = models.CharField(_("Slurm account"), max_length=64, blank=True)
    # The POSIX user names associated with the Slurm account (the agent keeps exactly
    # these associated); validated by services/slurm.py.
    slurm_users = models.JSONField(_("Slurm users"), default=list, blank=True)
    notified_80_at = models.DateTimeField(null=True, blank=True)
    notified_100_at = models.DateTimeField(null=True, blank=True)
    # The part of the exact usage amounts not charged yet because it is less than a cent
    # (services/ingest.py states the rule): the ledger moves whole cents only.
    usage_remainder = models.DecimalField(_("usage not yet charged (EUR)"), default=0, **EXACT)

    class Meta:
        ordering = ["-issued_at"]
        verbose_name = _("compute voucher")
        verbose_name_plural = _("compute vouchers")
        constraints = [
            models.UniqueConstraint(
                fields=["data_centre", "slurm_account"],
                condition=~Q(slurm_account=""),
                name="computevoucher_unique_slurm_account",
            ),
            models.CheckConstraint(condition=Q(value__gt=0), name="computevoucher_value_gt_0"),
        ]

    def __str__(self) -> str:
        return self.code

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("compute:voucher", args=[self.code])


class IngestBatch(models.Model):
    """One delivery of usage records (an API call, a file import or a hold settlement)."""

    class Source(models.TextChoices):
        API = "api", _("API")
        SACCT = "sacct", _("Slurm accounting import")
        HOLD = "hold", _("hold settlement")
        APEL = "apel", _("APEL accounting import")
        OGF_UR = "ogf_ur", _("OGF usage record import")

    data_centre = models.ForeignKey(DataCentre, on_delete=models.PROTECT, related_name="batches")
    source = models.CharField(max_length=8, choices=Source.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    filename = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    accepted = models.PositiveIntegerField(default=0)
    duplicates = models.PositiveIntegerField(default=0)
    rejected = models.PositiveIntegerField(default=0)
    charged = models.DecimalField(default=0, **MONEY)
    uncovered = models.DecimalField(default=0, **MONEY)
    reasons = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("usage delivery")
        verbose_name_plural = _("usage deliveries")

    def __str__(self) -> str:
        return f"{self.source} #{self.pk}"


class SettlementStatement(models.Model):
    """A data centre's metered usage of a period. Approved by programme staff (four
    eyes), then invoiced by the data centre (its XRechnung, or the programme's
    self-billing invoice with its consent), matched line by line: only then is the
    payout prepared."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        APPROVED = "approved", _("approved, awaiting the invoice")
        INVOICED = "invoiced", _("invoiced, payout queued")

    ALLOWED_TRANSITIONS = {
        Status.DRAFT: {Status.APPROVED},
        Status.APPROVED: {Status.INVOICED},
        Status.INVOICED: set(),
    }

    data_centre = models.ForeignKey(DataCentre, on_delete=models.PROTECT, related_name="statements")
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("until (inclusive)"))
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    total = models.DecimalField(_("total (EUR)"), default=0, **MONEY)
    record_count = models.PositiveIntegerField(default=0)
    payout = models.ForeignKey(
        "payments.Payout", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-period_end", "-pk"]
        verbose_name = _("settlement statement")
        verbose_name_plural = _("settlement statements")
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="statement_period_ordered",
            )
        ]

    def __str__(self) -> str:
        return f"{self.data_centre_id} {self.period_start}–{self.period_end}"

    @property
    def reference(self) -> str:
        """The buyer reference (BT-10) the data centre's invoice must carry."""
        return f"KIV-ABR-{self.pk:06d}"


class SettlementInvoice(StoredFile):
    """The e-invoice of an approved settlement statement (the stored XML): the data
    centre's own, or the programme's self-billing invoice (type 389) in its name. Its
    check against EN 16931 / XRechnung is kept with it (warnings and hints)."""

    statement = models.OneToOneField(
        SettlementStatement, on_delete=models.PROTECT, related_name="invoice"
    )
    self_billed = models.BooleanField(_("self-billing invoice (Gutschrift)"), default=False)
    invoice_number = models.CharField(_("invoice number"), max_length=100)
    invoice_date = models.DateField(_("invoice date"), null=True, blank=True)
    type_code = models.CharField(_("invoice type code"), max_length=3)
    syntax = models.CharField(max_length=3)
    seller_name = models.CharField(_("seller"), max_length=200, blank=True)
    seller_vat_id = models.CharField(_("seller VAT ID"), max_length=30, blank=True)
    net = models.DecimalField(_("net amount (EUR)"), **MONEY)
    vat = models.DecimalField(_("VAT (EUR)"), **MONEY)
    payable = models.DecimalField(_("amount due (EUR)"), **MONEY)
    einvoice_validation = models.JSONField(_("e-invoice rule check"), default=dict, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("invoice of a settlement statement")
        verbose_name_plural = _("invoices of settlement statements")
        constraints = [
            models.CheckConstraint(
                condition=Q(payable__gt=0), name="settlementinvoice_payable_gt_0"
            )
        ]

    def __str__(self) -> str:
        return f"{self.invoice_number} ({self.statement_id})"


class UsageRecord(models.Model):
    """One metered record, idempotent by (data centre, record id)."""

    # Few indexes keep bulk inserts fast: the composite ones below cover the foreign keys.
    data_centre = models.ForeignKey(
        DataCentre, on_delete=models.PROTECT, related_name="usage", db_index=False
    )
    record_id = models.CharField(_("record id"), max_length=200)
    voucher = models.ForeignKey(
        ComputeVoucher, on_delete=models.PROTECT, related_name="usage", db_index=False
    )
    resource = models.CharField(_("resource"), max_length=64)
    quantity = models.DecimalField(_("quantity"), **QUANTITY)
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    unit_price = models.DecimalField(_("unit price"), **PRICE)
    price_list = models.ForeignKey(
        PriceListVersion,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    # amount = quantity x unit price (negative for a reversal); charged + uncovered = amount.
    amount = models.DecimalField(_("amount"), **MONEY)
    charged = models.DecimalField(_("charged"), **MONEY)
    uncovered = models.DecimalField(_("uncovered"), **MONEY)
    reverses = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="reversed_by"
    )
    batch = models.ForeignKey(
        IngestBatch, on_delete=models.PROTECT, related_name="records", db_index=False
    )
    transfer = models.ForeignKey(
        "ledger.Transfer",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    statement = models.ForeignKey(
        SettlementStatement,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="records",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["end", "pk"]
        verbose_name = _("usage record")
        verbose_name_plural = _("usage records")
        constraints = [
            models.UniqueConstraint(
                fields=["data_centre", "record_id"], name="usagerecord_unique_per_dc"
            ),
            models.CheckConstraint(
                condition=Q(end__gte=models.F("start")), name="usagerecord_end_after_start"
            ),
        ]
        indexes = [
            models.Index(fields=["voucher", "end"]),
            models.Index(fields=["data_centre", "end"]),
        ]

    def __str__(self) -> str:
        return self.record_id


class ComputeHold(models.Model):
    """Money reserved on a voucher for a job before it starts (a ledger hold)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        SETTLED = "settled", _("settled")
        RELEASED = "released", _("released")

    S = Status
    ALLOWED_TRANSITIONS = {S.PENDING: {S.SETTLED, S.RELEASED}, S.SETTLED: set(), S.RELEASED: set()}

    data_centre = models.ForeignKey(DataCentre, on_delete=models.PROTECT, related_name="holds")
    hold_id = models.CharField(max_length=200)
    voucher = models.ForeignKey(ComputeVoucher, on_delete=models.PROTECT, related_name="holds")
    ledger_hold = models.OneToOneField("ledger.Hold", on_delete=models.PROTECT, related_name="+")
    amount = models.DecimalField(**MONEY)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("hold")
        verbose_name_plural = _("holds")
        constraints = [
            models.UniqueConstraint(fields=["data_centre", "hold_id"], name="computehold_unique")
        ]

    def __str__(self) -> str:
        return self.hold_id


class ComputeApplication(models.Model):
    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("submitted")
        EXCEPTION_PENDING = "exception_pending", _("further voucher: admin decision pending")
        REVIEWED = "reviewed", _("reviewed, awaiting approval")
        APPROVED = "approved", _("approved, voucher issued")
        REJECTED = "rejected", _("rejected")

    S = Status
    ALLOWED_TRANSITIONS = {
        S.SUBMITTED: {S.REVIEWED, S.REJECTED},
        S.EXCEPTION_PENDING: {S.SUBMITTED, S.REJECTED},
        S.REVIEWED: {S.APPROVED, S.REJECTED},
        S.APPROVED: set(),
        S.REJECTED: set(),
    }
    OPEN = (S.SUBMITTED, S.EXCEPTION_PENDING, S.REVIEWED)
    DECIDED = (S.APPROVED, S.REJECTED)

    organisation = models.ForeignKey(
        "organizations.Organisation", on_delete=models.PROTECT, related_name="compute_applications"
    )
    call = models.ForeignKey("programmes.Call", on_delete=models.PROTECT, related_name="+")
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SUBMITTED)
    project_description = models.TextField(_("project description"))
    gpu_type = models.CharField(_("GPU type"), max_length=64)
    gpu_hours = models.DecimalField(
        _("GPU hours"), max_digits=12, decimal_places=1, validators=[MinValueValidator(1)]
    )
    storage_tb = models.DecimalField(
        _("storage (TB)"),
        max_digits=10,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0)],
    )
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period until"))
    preferred_data_centre = models.ForeignKey(
        DataCentre, on_delete=models.PROTECT, related_name="+", verbose_name=_("data centre")
    )
    not_in_difficulty = models.BooleanField(default=False)
    eligibility = models.JSONField(default=dict, blank=True)
    earlier_vouchers = models.JSONField(default=list, blank=True)
    exception_justification = models.TextField(_("justification for a further voucher"), blank=True)
    exception_decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    review_note = models.TextField(blank=True)
    approver = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decision_note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("compute voucher application")
        verbose_name_plural = _("compute voucher applications")

    def __str__(self) -> str:
        return f"KCA-{self.pk}"


class FinalReport(models.Model):
    class Status(models.TextChoices):
        DUE = "due", _("due")
        SUBMITTED = "submitted", _("submitted")

    ALLOWED_TRANSITIONS = {Status.DUE: {Status.SUBMITTED}, Status.SUBMITTED: set()}

    voucher = models.OneToOneField(
        ComputeVoucher, on_delete=models.PROTECT, related_name="final_report"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DUE)
    due_on = models.DateField(_("due on"))
    usage_summary = models.JSONField(default=dict, blank=True)
    text = models.TextField(_("report"), blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reminders_sent = models.PositiveSmallIntegerField(default=0)
    last_reminder_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("final report")
        verbose_name_plural = _("final reports")

    def __str__(self) -> str:
        return f"report {self.voucher_id}"


class Notification(models.Model):
    """A message to a company or data centre (also sent by e-mail to its members)."""

    organisation = models.ForeignKey(
        "organizations.Organisation", on_delete=models.CASCADE, related_name="compute_notices"
    )
    voucher = models.ForeignKey(
        ComputeVoucher, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(max_length=40)
    message = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "voucher", "kind"], name="notification_once"
            )
        ]

    def __str__(self) -> str:
        return self.kind


class ComputeChangeRequest(ChangeRequestBase):
    """A change request on a compute voucher: a longer validity or another onboarded
    data centre; reviewed by a caseworker, decided by a second person
    (services/change_requests.py)."""

    REFERENCE_PREFIX = "AEA-C"

    class Kind(models.TextChoices):
        EXTENSION = "extension", _("extension of the validity")
        DATA_CENTRE = "data_centre", _("another data centre")

    voucher = models.ForeignKey(
        ComputeVoucher, on_delete=models.PROTECT, related_name="change_requests"
    )
    kind = models.CharField(_("change"), max_length=12, choices=Kind.choices)
    months = models.PositiveSmallIntegerField(_("extension (months)"), null=True, blank=True)
    data_centre = models.ForeignKey(
        DataCentre,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("new data centre"),
    )

    class Meta(ChangeRequestBase.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["voucher"],
                condition=Q(status__in=["submitted", "reviewed"]),
                name="computechangerequest_one_open_per_voucher",
            ),
        ]


class ComputeChangeNotice(StoredFile):
    """The notice on a compute change request, as issued."""

    change_request = models.OneToOneField(
        ComputeChangeRequest, on_delete=models.PROTECT, related_name="notice"
    )

    class Meta:
        verbose_name = _("change notice")
        verbose_name_plural = _("change notices")

    def __str__(self) -> str:
        return f"notice {self.change_request_id}"
