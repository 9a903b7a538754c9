"""Invoices the platform issues: to buyers of line III (advance-payment, final and
correction invoices in the name of the offer's operating company) and to data
centres of line II (self-billing invoices, Gutschriften, in the name of the
programme's agency).

An invoice is written once and never changed: its rows hold what § 14 UStG asks
for (the parties as they were at issue in `parties`, lines, amounts per tax rate),
the XRechnung (CII) built from them is stored with its hash, and the ZUGFeRD PDF
is rendered from the same rows (`documents.py`). A correction is a new document
(a credit note) that names the one it corrects (`preceding`).

The sums (gross = net + VAT, due = gross - prepaid + rounding) are kept by
`services.invoice_issue`, not by CHECK constraints: SQLite compares decimal sums in
floating point and would refuse correct rows.

Numbers: per issuer and calendar year a gap-free sequence (`InvoiceNumberRange`),
taken under the range's row lock in the transaction that stores the invoice, so a
rolled-back invoice gives its number back (`services.invoice_number_take`).
"""

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

MONEY = {"max_digits": 16, "decimal_places": 2}


class InvoiceIssuer(models.Model):
    """A company in whose name the platform issues invoices, with its own number range.

    The platform issues invoices for an organisation only once staff have set up its
    issuer profile (the tax number or VAT ID and the contact § 14 UStG and XRechnung
    ask for); until then nothing is issued in its name."""

    organisation = models.OneToOneField(
        "organizations.Organisation", on_delete=models.PROTECT, related_name="invoice_issuer"
    )
    prefix = models.CharField(
        _("number prefix"),
        max_length=10,
        default="RE",
        validators=[RegexValidator(r"\A[A-Z0-9]{1,10}\Z", _("Capital letters and digits only."))],
        help_text=_("Invoice numbers read PREFIX-YEAR-000001."),
    )
    tax_number = models.CharField(
        _("tax number"), max_length=30, blank=True, help_text=_("Steuernummer of the tax office")
    )
    contact_name = models.CharField(_("contact (person or department)"), max_length=100)
    contact_phone = models.CharField(_("contact phone"), max_length=40)
    contact_email = models.EmailField(_("contact e-mail"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organisation__name"]
        verbose_name = _("invoice issuer")
        verbose_name_plural = _("invoice issuers")

    def __str__(self) -> str:
        return f"{self.organisation} ({self.prefix})"


class InvoiceNumberRange(models.Model):
    """The last number an issuer gave in a year; the row is the lock of its range."""

    issuer = models.ForeignKey(InvoiceIssuer, on_delete=models.PROTECT, related_name="ranges")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("invoice number range")
        verbose_name_plural = _("invoice number ranges")
        constraints = [
            models.UniqueConstraint(fields=["issuer", "year"], name="invoicing_range_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.issuer.prefix}-{self.year}: {self.last}"


class Invoice(models.Model):
    class Kind(models.TextChoices):
        ADVANCE = "advance", _("advance-payment invoice")
        FINAL = "final", _("final invoice")
        CREDIT_NOTE = "credit_note", _("credit note (invoice correction)")
        SELF_BILLED = "self_billed", _("self-billing invoice (Gutschrift)")

    # UNTDID 1001, the invoice type code (BT-3).
    TYPE_CODES = {
        Kind.ADVANCE: "386",
        Kind.FINAL: "380",
        Kind.CREDIT_NOTE: "381",
        Kind.SELF_BILLED: "389",
    }

    class VatCategory(models.TextChoices):
        STANDARD = "S", _("standard rate")
        EXEMPT = "E", _("exempt from VAT")

    issuer = models.ForeignKey(InvoiceIssuer, on_delete=models.PROTECT, related_name="invoices")
    number = models.CharField(_("invoice number"), max_length=40)
    year = models.PositiveSmallIntegerField()
    sequence = models.PositiveIntegerField()
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    seller = models.ForeignKey(
        "organizations.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    buyer = models.ForeignKey(
        "organizations.Organisation", on_delete=models.PROTECT, related_name="invoices_received"
    )
    # Names, addresses, tax ids, contact and bank account of both parties at issue.
    parties = models.JSONField(default=dict)
    purchase = models.ForeignKey(
        "presale.Purchase",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="invoices",
    )
    statement = models.ForeignKey(
        "compute.SettlementStatement",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="invoices",
    )
    preceding = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="followers"
    )
    buyer_reference = models.CharField(_("buyer reference"), max_length=100)
    issue_date = models.DateField(_("issue date"))
    period_start = models.DateField(_("service from"), null=True, blank=True)
    period_end = models.DateField(_("service until"), null=True, blank=True)
    paid_on = models.DateField(_("payment received on"), null=True, blank=True)
    currency = models.CharField(max_length=3, default="EUR")
    vat_category = models.CharField(
        max_length=2, choices=VatCategory.choices, default=VatCategory.STANDARD
    )
    vat_rate = models.DecimalField(_("VAT rate (%)"), max_digits=5, decimal_places=2)
    exemption_reason = models.CharField(_("reason for exemption"), max_length=300, blank=True)
    net = models.DecimalField(_("net amount"), **MONEY)
    vat = models.DecimalField(_("VAT"), **MONEY)
    gross = models.DecimalField(_("gross amount"), **MONEY)
    prepaid = models.DecimalField(_("paid in advance"), default=0, **MONEY)
    # BT-114: what makes the amount due a given total (a statement's, VAT included)
    rounding = models.DecimalField(_("rounding amount"), default=0, **MONEY)
    payable = models.DecimalField(_("amount due"), **MONEY)
    payment_terms = models.CharField(_("payment terms"), max_length=300)
    notes = models.JSONField(default=list, blank=True)
    xml = models.BinaryField(_("XRechnung (CII)"))
    xml_sha256 = models.CharField(max_length=64)
    # The EN 16931 / XRechnung findings of the issued XML (no fatal ones: refused then).
    validation = models.JSONField(_("validation"), default=dict, blank=True)
    pdf = models.BinaryField(_("ZUGFeRD PDF"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["issuer", "year", "sequence"]
        verbose_name = _("invoice")
        verbose_name_plural = _("invoices")
        constraints = [
            models.UniqueConstraint(fields=["issuer", "number"], name="invoicing_number_unique"),
            models.UniqueConstraint(
                fields=["issuer", "year", "sequence"], name="invoicing_sequence_unique"
            ),
            # One document of each kind per purchase and per statement: issuing twice
            # (a retried job) finds the first.
            models.UniqueConstraint(
                fields=["purchase", "kind"],
                condition=Q(purchase__isnull=False),
                name="invoicing_one_kind_per_purchase",
            ),
            models.UniqueConstraint(
                fields=["statement", "kind"],
                condition=Q(statement__isnull=False),
                name="invoicing_one_kind_per_statement",
            ),
            models.CheckConstraint(condition=Q(sequence__gte=1), name="invoicing_sequence_pos"),
        ]
        indexes = [models.Index(fields=["buyer", "issue_date"])]

    def __str__(self) -> str:
        return self.number

    @property
    def type_code(self) -> str:
        return self.TYPE_CODES[self.kind]

    @property
    def file_stem(self) -> str:
        return self.number.replace("/", "-")


class InvoiceLine(models.Model):
    invoice = models.ForeignKey(Invoice, on_delete=models.CASCADE, related_name="lines")
    position = models.PositiveSmallIntegerField()
    description = models.CharField(_("description"), max_length=300)
    quantity = models.DecimalField(_("quantity"), max_digits=16, decimal_places=4)
    # UN/ECE Recommendation 20: HUR hour, C62 one (piece).
    unit_code = models.CharField(_("unit"), max_length=3, default="HUR")
    unit_price = models.DecimalField(_("net unit price"), max_digits=18, decimal_places=4)
    net = models.DecimalField(_("net amount"), **MONEY)
    # BT-155 and BT-133: a self-billing invoice's resource and voucher code per line
    seller_item_id = models.CharField(_("item (seller's id)"), max_length=100, blank=True)
    accounting_reference = models.CharField(
        _("buyer's accounting reference"), max_length=100, blank=True
    )

    class Meta:
        ordering = ["invoice", "position"]
        verbose_name = _("invoice line")
        verbose_name_plural = _("invoice lines")
        constraints = [
            models.UniqueConstraint(
                fields=["invoice", "position"], name="invoicing_line_position_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.position}: {self.description}"
