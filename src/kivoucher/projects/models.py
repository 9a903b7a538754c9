"""Line I after the voucher: the proof of use (invoice and report) and its check."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kivoucher.core.uploads import StoredFile

MONEY = {"max_digits": 16, "decimal_places": 2}


class ProofOfUse(StoredFile):
    """The provider's invoice (the stored file) and the company's short report."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("submitted, being checked")
        ACCEPTED = "accepted", _("accepted, payout queued")
        REJECTED = "rejected", _("rejected")

    class Format(models.TextChoices):
        UBL = "ubl", _("XRechnung (UBL)")
        CII = "cii", _("XRechnung (CII)")
        ZUGFERD = "zugferd", _("ZUGFeRD / Factur-X")
        PDF = "pdf", _("PDF invoice, amounts entered")

    ALLOWED_TRANSITIONS = {
        Status.SUBMITTED: {Status.ACCEPTED, Status.REJECTED},
        Status.ACCEPTED: set(),
        Status.REJECTED: set(),
    }

    voucher = models.ForeignKey(
        "applications.Voucher", on_delete=models.PROTECT, related_name="proofs"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.SUBMITTED
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(auto_now_add=True)
    invoice_format = models.CharField(_("invoice format"), max_length=8, choices=Format.choices)
    invoice_number = models.CharField(_("invoice number"), max_length=100)
    invoice_date = models.DateField(_("invoice date"), null=True, blank=True)
    seller_name = models.CharField(_("seller"), max_length=200, blank=True)
    seller_vat_id = models.CharField(_("seller VAT ID"), max_length=30, blank=True)
    buyer_name = models.CharField(_("buyer"), max_length=200, blank=True)
    buyer_vat_id = models.CharField(_("buyer VAT ID"), max_length=30, blank=True)
    currency = models.CharField(max_length=3, default="EUR")
    net = models.DecimalField(_("net amount (EUR)"), **MONEY)
    vat = models.DecimalField(_("VAT (EUR)"), **MONEY)
    gross = models.DecimalField(_("gross amount (EUR)"), **MONEY)
    report = models.TextField(_("short report"))
    checks = models.JSONField(default=list, blank=True)
    # The e-invoice's check against EN 16931 / XRechnung (kivoucher.einvoices: syntax
    # and findings with rule id, severity, text, place); None for a PDF without one.
    einvoice_validation = models.JSONField(_("e-invoice rule check"), null=True, blank=True)
    eligible_costs = models.DecimalField(
        _("recognised eligible costs (EUR)"), null=True, blank=True, **MONEY
    )
    payout_amount = models.DecimalField(_("payout (EUR)"), null=True, blank=True, **MONEY)
    # The grant share of the proven costs, and what the instalments had paid of it:
    # the payout is the difference (a receivable when the instalments paid more).
    grant_due = models.DecimalField(_("grant due (EUR)"), null=True, blank=True, **MONEY)
    instalments_paid = models.DecimalField(
        _("paid in instalments (EUR)"), null=True, blank=True, **MONEY
    )
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    checked_at = models.DateTimeField(null=True, blank=True)
    check_note = models.TextField(_("note of the check"), blank=True)

    class Meta:
        ordering = ["-submitted_at"]
        verbose_name = _("proof of use")
        verbose_name_plural = _("proofs of use")
        constraints = [
            # At most one proof of use in check or accepted per voucher.
            models.UniqueConstraint(
                fields=["voucher"],
                condition=Q(status__in=["submitted", "accepted"]),
                name="proof_one_open_per_voucher",
            ),
            models.CheckConstraint(
                condition=Q(net__gte=0, vat__gte=0, gross__gte=0), name="proof_amounts_ge_0"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.invoice_number} ({self.voucher_id})"


class Instalment(models.Model):
    """An instalment (Mittelabruf) before the final proof: the company claims part of
    the grant on the e-invoices so far. A caseworker checks it, a second person
    approves it (four eyes); the approval queues the payout."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("requested, being checked")
        CHECKED = "checked", _("checked, awaiting approval")
        APPROVED = "approved", _("approved, payout queued")
        REJECTED = "rejected", _("rejected")
        # Its payout was cancelled (payments): it neither counts nor was paid.
        CANCELLED = "cancelled", _("payout cancelled")

    ALLOWED_TRANSITIONS = {
        Status.REQUESTED: {Status.CHECKED, Status.REJECTED},
        Status.CHECKED: {Status.APPROVED, Status.REJECTED},
        Status.APPROVED: {Status.CANCELLED},
        Status.REJECTED: set(),
        Status.CANCELLED: set(),
    }

    voucher = models.ForeignKey(
        "applications.Voucher", on_delete=models.PROTECT, related_name="instalments"
    )
    number = models.PositiveSmallIntegerField(_("instalment number"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.REQUESTED
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    claimed_costs = models.DecimalField(_("claimed costs, net (EUR)"), **MONEY)
    eligible_costs = models.DecimalField(
        _("recognised eligible costs (EUR)"), null=True, blank=True, **MONEY
    )
    amount = models.DecimalField(_("instalment (EUR)"), null=True, blank=True, **MONEY)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    checked_at = models.DateTimeField(null=True, blank=True)
    check_note = models.TextField(_("note of the check"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(_("note of the decision"), blank=True)

    class Meta:
        ordering = ["voucher", "number"]
        verbose_name = _("instalment")
        verbose_name_plural = _("instalments")
        constraints = [
            models.UniqueConstraint(
                fields=["voucher", "number"], name="instalment_number_per_voucher"
            ),
            models.CheckConstraint(
                condition=Q(claimed_costs__gte=0)
                & (Q(amount__isnull=True) | Q(amount__gte=0))
                & (Q(eligible_costs__isnull=True) | Q(eligible_costs__gte=0)),
                name="instalment_amounts_ge_0",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.voucher_id} #{self.number}"


class InstalmentInvoice(StoredFile):
    """One e-invoice of an instalment's interim proof, read as the final proof's."""

    instalment = models.ForeignKey(Instalment, on_delete=models.CASCADE, related_name="invoices")
    invoice_format = models.CharField(
        _("invoice format"), max_length=8, choices=ProofOfUse.Format.choices
    )
    invoice_number = models.CharField(_("invoice number"), max_length=100)
    invoice_date = models.DateField(_("invoice date"), null=True, blank=True)
    seller_name = models.CharField(_("seller"), max_length=200, blank=True)
    seller_vat_id = models.CharField(_("seller VAT ID"), max_length=30, blank=True)
    buyer_name = models.CharField(_("buyer"), max_length=200, blank=True)
    buyer_vat_id = models.CharField(_("buyer VAT ID"), max_length=30, blank=True)
    currency = models.CharField(max_length=3, default="EUR")
    net = models.DecimalField(_("net amount (EUR)"), **MONEY)
    vat = models.DecimalField(_("VAT (EUR)"), **MONEY)
    gross = models.DecimalField(_("gross amount (EUR)"), **MONEY)
    checks = models.JSONField(default=list, blank=True)
    einvoice_validation = models.JSONField(_("e-invoice rule check"), null=True, blank=True)

    class Meta:
        ordering = ["instalment", "pk"]
        verbose_name = _("invoice of an instalment")
        verbose_name_plural = _("invoices of instalments")
        constraints = [
            models.CheckConstraint(
                condition=Q(net__gte=0, vat__gte=0, gross__gte=0),
                name="instalmentinvoice_amounts_ge_0",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.invoice_number} ({self.instalment_id})"
