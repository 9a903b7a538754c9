"""Line III: capacity pre-sale and shares of a public-private AI data centre.

Quantities of compute are counted in *unit-hours*: one hour of one partition of
the cluster. An offer with `partitions = 1` sells whole cluster-hours; with
`partitions = 4` a cluster-hour is four unit-hours and a partition-hour is one.
Money lives in the ledger; these rows only say what was sold to whom, when, and
in which order (the gap-free `sequence` assigned at payment confirmation).
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

MONEY = {"max_digits": 16, "decimal_places": 2}


class Offer(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        OPEN = "open", _("pre-sale open")
        FUNDED = "funded", _("funding target reached")
        FAILED = "failed", _("funding target missed, refunded")
        COMMISSIONED = "commissioned", _("cluster in operation")
        CLOSED = "closed", _("closed")

    ALLOWED_TRANSITIONS = {
        Status.DRAFT: {Status.OPEN},
        Status.OPEN: {Status.FUNDED, Status.FAILED},
        Status.FUNDED: {Status.COMMISSIONED},
        Status.COMMISSIONED: {Status.CLOSED},
        Status.FAILED: set(),
        Status.CLOSED: set(),
    }

    programme = models.ForeignKey(
        "programmes.Programme", on_delete=models.PROTECT, related_name="presale_offers"
    )
    operator = models.ForeignKey(
        "organizations.Organisation", on_delete=models.PROTECT, related_name="presale_offers"
    )
    code = models.SlugField(_("code"), unique=True)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(
        _("status"), max_length=14, choices=Status.choices, default=Status.DRAFT
    )
    partitions = models.PositiveSmallIntegerField(
        _("partitions of the cluster"),
        default=1,
        help_text=_("1 sells whole cluster-hours; more also sells partition-hours."),
    )
    regular_price = models.DecimalField(_("regular price per cluster-hour (EUR)"), **MONEY)
    min_unit_hours = models.PositiveIntegerField(_("minimum unit-hours per order"), default=1)
    max_unit_hours_per_buyer = models.PositiveIntegerField(
        _("maximum unit-hours per buyer"), null=True, blank=True
    )
    unit_hours_for_sale = models.PositiveIntegerField(_("unit-hours for sale in total"))
    funding_target = models.DecimalField(_("funding target (EUR)"), **MONEY)
    opens_at = models.DateTimeField(_("pre-sale opens at"))
    deadline = models.DateTimeField(_("funding deadline"))
    hours_valid_until = models.DateField(_("pre-sold hours valid until"), null=True, blank=True)
    # Commissioning: the capacity calendar runs from operation_start to calendar_end.
    operation_start = models.DateTimeField(_("in operation from"), null=True, blank=True)
    calendar_end = models.DateTimeField(_("capacity calendar until"), null=True, blank=True)
    slurm_account_prefix = models.CharField(
        _("Slurm account prefix"),
        max_length=20,
        default="kiv",
        validators=[
            RegexValidator(
                r"\A[A-Za-z0-9_-]+\Z",
                _("Only letters, digits, '_' and '-' (it becomes part of Slurm names)."),
            )
        ],
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-opens_at"]
        verbose_name = _("pre-sale offer")
        verbose_name_plural = _("pre-sale offers")
        constraints = [
            models.CheckConstraint(condition=Q(partitions__gte=1), name="presale_offer_partitions"),
            models.CheckConstraint(
                condition=Q(deadline__gt=F("opens_at")), name="presale_offer_window"
            ),
            models.CheckConstraint(
                condition=Q(funding_target__gt=0), name="presale_offer_target_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("presale:offer", args=[self.code])

    @property
    def deferred_account_code(self) -> str:
        return f"presale:{self.pk}:deferred"

    @property
    def share_capital_account_code(self) -> str:
        return f"presale:{self.pk}:share-capital"

    @property
    def revenue_account_code(self) -> str:
        return f"presale:{self.pk}:revenue"

    @property
    def breakage_account_code(self) -> str:
        return f"presale:{self.pk}:expired-hours"


class PriceTier(models.Model):
    """A pre-sale price for its first `unit_hours`; tiers apply in `order`, an order
    crossing the end of one is priced in parts (`presale/pricing.py`)."""

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="tiers")
    order = models.PositiveSmallIntegerField(default=0)
    label = models.CharField(_("label"), max_length=100)
    price = models.DecimalField(_("price per cluster-hour (EUR)"), **MONEY)
    unit_hours = models.PositiveIntegerField(
        _("unit-hours at this price"), null=True, blank=True, help_text=_("empty: unlimited")
    )

    class Meta:
        ordering = ["offer", "order"]
        verbose_name = _("price tier")
        verbose_name_plural = _("price tiers")
        constraints = [
            models.CheckConstraint(
                condition=Q(price__gt=0),
                name="presale_tier_price_positive",
                violation_error_message=_("A price tier needs a price above zero."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label} ({self.price})"


class ShareClass(models.Model):
    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="share_classes")
    code = models.SlugField(_("code"))
    name = models.CharField(_("name"), max_length=100)
    nominal_value = models.DecimalField(_("nominal value per share (EUR)"), **MONEY)
    issue_price = models.DecimalField(_("issue price per share (EUR)"), **MONEY)
    min_shares = models.PositiveIntegerField(_("minimum subscription (shares)"), default=1)
    shares_offered = models.PositiveIntegerField(_("shares offered"))

    class Meta:
        ordering = ["offer", "code"]
        verbose_name = _("share class")
        verbose_name_plural = _("share classes")
        constraints = [
            models.UniqueConstraint(fields=["offer", "code"], name="presale_share_class_unique"),
            models.CheckConstraint(
                condition=Q(issue_price__gte=F("nominal_value")),
                name="presale_share_not_below_par",
                violation_error_message=_("Shares cannot be issued below their nominal value."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Purchase(models.Model):
    class Kind(models.TextChoices):
        HOURS = "hours", _("cluster hours")
        SHARES = "shares", _("shares")

    class Status(models.TextChoices):
        PENDING = "pending", _("awaiting payment")
        CONFIRMED = "confirmed", _("paid")
        ACTIVE = "active", _("voucher active")
        EXPIRED = "expired", _("expired")
        CANCELLED = "cancelled", _("cancelled")
        REFUNDED = "refunded", _("refunded")

    # Orders that hold their hours (and their tiers' discounted hours).
    SOLD = (Status.PENDING, Status.CONFIRMED, Status.ACTIVE)

    ALLOWED_TRANSITIONS = {
        Status.PENDING: {Status.CONFIRMED, Status.CANCELLED},
        Status.CONFIRMED: {Status.ACTIVE, Status.REFUNDED},
        Status.ACTIVE: {Status.EXPIRED},
        Status.EXPIRED: set(),
        Status.CANCELLED: set(),
        Status.REFUNDED: set(),
    }

    offer = models.ForeignKey(Offer, on_delete=models.PROTECT, related_name="purchases")
    buyer = models.ForeignKey(
        "organizations.Organisation", on_delete=models.PROTECT, related_name="presale_purchases"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    reference = models.CharField(_("payment reference"), max_length=35, unique=True)
    # hours
    unit_hours = models.PositiveIntegerField(_("unit-hours"), default=0)
    # the first price tier of the order (its parts: `price_parts`)
    tier = models.ForeignKey(PriceTier, null=True, blank=True, on_delete=models.PROTECT)
    # shares
    share_class = models.ForeignKey(ShareClass, null=True, blank=True, on_delete=models.PROTECT)
    shares = models.PositiveIntegerField(_("shares"), default=0)
    amount = models.DecimalField(_("amount (EUR)"), **MONEY)
    sequence = models.PositiveIntegerField(_("number in the order of sale"), null=True, blank=True)
    voucher_code = models.CharField(_("voucher code"), max_length=20, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    # Subscriptions (shares): the key investment information sheet acknowledged
    # before ordering (its version, when, by whom), the risk warning confirmed for
    # large amounts, and the reflection period of a non-sophisticated investor.
    kiis = models.ForeignKey(
        "KeyInvestmentInfo",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="purchases",
        verbose_name=_("key investment information sheet acknowledged"),
    )
    kiis_acknowledged_at = models.DateTimeField(_("sheet acknowledged at"), null=True, blank=True)
    kiis_acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    risk_warning_confirmed_at = models.DateTimeField(
        _("risk warning confirmed at"), null=True, blank=True
    )
    reflection_until = models.DateTimeField(
        _("may be revoked without reason until"), null=True, blank=True
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    # A payment matched by a bank statement while the buyer's KYC check is
    # outstanding: {"amount", "bank_reference", "entry_id", "booked_on", "held_at"}.
    payment_held = models.JSONField(_("payment held"), default=dict, blank=True)
    # Hours taken over from another buyer keep the original's number in the order of sale.
    transferred_from = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="transferred_parts",
        verbose_name=_("hours taken over from"),
    )

    class Meta:
        ordering = ["offer", "sequence", "pk"]
        verbose_name = _("purchase")
        verbose_name_plural = _("purchases")
        constraints = [
            models.UniqueConstraint(
                fields=["offer", "sequence"],
                condition=Q(transferred_from__isnull=True),
                name="presale_purchase_sequence_unique",
            ),
            models.CheckConstraint(condition=Q(amount__gt=0), name="presale_purchase_amount_pos"),
            models.CheckConstraint(
                condition=Q(kind="hours", unit_hours__gt=0, shares=0)
                | Q(kind="shares", shares__gt=0, unit_hours=0),
                name="presale_purchase_kind_quantity",
            ),
            models.CheckConstraint(
                condition=Q(sequence__isnull=True) | Q(sequence__gte=1),
                name="presale_purchase_sequence_positive",
            ),
        ]
        indexes = [models.Index(fields=["offer", "status"])]

    def __str__(self) -> str:
        return self.reference


class PurchasePricePart(models.Model):
    """Unit-hours of an hours order at one price: a tier's (as many as it had left) or
    the regular price (`tier` empty). The parts add up to the order's unit-hours; a
    tier's hours left are its `unit_hours` minus its parts in orders that hold hours."""

    purchase = models.ForeignKey(Purchase, on_delete=models.CASCADE, related_name="price_parts")
    tier = models.ForeignKey(
        PriceTier, null=True, blank=True, on_delete=models.PROTECT, related_name="parts"
    )
    unit_hours = models.PositiveIntegerField(_("unit-hours"))
    price = models.DecimalField(_("price per cluster-hour (EUR)"), **MONEY)

    class Meta:
        ordering = ["purchase", "pk"]
        verbose_name = _("price part of a purchase")
        verbose_name_plural = _("price parts of purchases")
        constraints = [
            models.CheckConstraint(
                condition=Q(unit_hours__gte=1), name="presale_price_part_hours_positive"
            ),
            models.CheckConstraint(condition=Q(price__gt=0), name="presale_price_part_price_pos"),
        ]

    def __str__(self) -> str:
        return f"{self.unit_hours} × {self.price}"


class ShareRegisterEntry(models.Model):
    """The share register: one entry per confirmed subscription, with its share numbers."""

    share_class = models.ForeignKey(ShareClass, on_delete=models.PROTECT, related_name="entries")
    purchase = models.OneToOneField(Purchase, on_delete=models.PROTECT, related_name="register")
    holder = models.ForeignKey(
        "organizations.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    first_number = models.PositiveIntegerField(_("first share number"))
    last_number = models.PositiveIntegerField(_("last share number"))
    nominal_total = models.DecimalField(_("nominal amount (EUR)"), **MONEY)
    registered_at = models.DateTimeField(auto_now_add=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["share_class", "first_number"]
        verbose_name = _("share register entry")
        verbose_name_plural = _("share register")
        constraints = [
            models.UniqueConstraint(
                fields=["share_class", "first_number"], name="presale_register_numbers_unique"
            ),
            models.CheckConstraint(
                condition=Q(last_number__gte=F("first_number")), name="presale_register_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.share_class}: {self.first_number}-{self.last_number}"


class MaintenanceWindow(models.Model):
    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="maintenance")
    start = models.DateTimeField(_("from"))
    end = models.DateTimeField(_("until"))
    reason = models.CharField(_("reason"), max_length=200, blank=True)

    class Meta:
        ordering = ["offer", "start"]
        verbose_name = _("maintenance window")
        verbose_name_plural = _("maintenance windows")
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gt=F("start")), name="presale_maintenance_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.start:%Y-%m-%d %H:%M}-{self.end:%H:%M}"


class SlotRequest(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("waiting for allocation")
        ALLOCATED = "allocated", _("slots proposed")
        CONFIRMED = "confirmed", _("slots confirmed")
        WITHDRAWN = "withdrawn", _("withdrawn")

    # The allocation run moves requests between open and allocated (and re-plans
    # allocated ones in place); the holder confirms or withdraws.
    ALLOWED_TRANSITIONS = {
        Status.OPEN: {Status.ALLOCATED, Status.WITHDRAWN},
        Status.ALLOCATED: {Status.OPEN, Status.CONFIRMED, Status.WITHDRAWN},
        Status.CONFIRMED: {Status.WITHDRAWN},
        Status.WITHDRAWN: set(),
    }

    purchase = models.ForeignKey(Purchase, on_delete=models.PROTECT, related_name="requests")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    earliest_start = models.DateTimeField(_("earliest start"))
    latest_end = models.DateTimeField(_("latest end"))
    block_hours = models.PositiveIntegerField(_("block length (hours)"))
    width = models.PositiveSmallIntegerField(_("partitions"), default=1)
    may_split = models.BooleanField(_("may be split"), default=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    explanation = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["purchase__sequence", "pk"]
        verbose_name = _("slot request")
        verbose_name_plural = _("slot requests")
        constraints = [
            models.CheckConstraint(
                condition=Q(latest_end__gt=F("earliest_start")), name="presale_request_window"
            ),
            models.CheckConstraint(condition=Q(block_hours__gte=1), name="presale_request_len"),
            models.CheckConstraint(condition=Q(width__gte=1), name="presale_request_width"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.block_hours} h × {self.width}"

    @property
    def unit_hours(self) -> int:
        return self.block_hours * self.width


class Slot(models.Model):
    """Hours of one partition booked for a request. Never two active slots overlap on
    a partition: an exclusion constraint on PostgreSQL, a check in the service on SQLite."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("proposed")
        CONFIRMED = "confirmed", _("confirmed")
        USED = "used", _("used")
        RELEASED = "released", _("released")

    ACTIVE = (Status.PROPOSED, Status.CONFIRMED, Status.USED)
    # Proposals that were not confirmed are deleted by the next allocation run.
    ALLOWED_TRANSITIONS = {
        Status.PROPOSED: {Status.CONFIRMED, Status.RELEASED},
        Status.CONFIRMED: {Status.USED, Status.RELEASED},
        Status.USED: set(),
        Status.RELEASED: set(),
    }

    offer = models.ForeignKey(Offer, on_delete=models.PROTECT, related_name="slots")
    request = models.ForeignKey(SlotRequest, on_delete=models.PROTECT, related_name="slots")
    purchase = models.ForeignKey(Purchase, on_delete=models.PROTECT, related_name="slots")
    partition = models.PositiveSmallIntegerField(_("partition"))
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PROPOSED)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["start", "partition"]
        verbose_name = _("slot")
        verbose_name_plural = _("slots")
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="presale_slot_ordered"),
        ]
        indexes = [models.Index(fields=["offer", "partition", "start"])]

    def __str__(self) -> str:
        return f"{self.start:%Y-%m-%d %H:%M} +{self.hours} h (p{self.partition})"

    @property
    def hours(self) -> int:
        return int((self.end - self.start).total_seconds() // 3600)


class AllocationRun(models.Model):
    class Status(models.TextChoices):
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    ALLOWED_TRANSITIONS = {
        Status.RUNNING: {Status.DONE, Status.FAILED},
        Status.DONE: set(),
        Status.FAILED: set(),
    }

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="allocation_runs")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.RUNNING)
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    requests = models.PositiveIntegerField(default=0)
    served = models.PositiveIntegerField(default=0)
    partial = models.PositiveIntegerField(default=0)
    unserved = models.PositiveIntegerField(default=0)
    unit_hours = models.PositiveIntegerField(default=0)
    seconds = models.DecimalField(max_digits=10, decimal_places=3, default=Decimal("0"))
    message = models.TextField(blank=True)

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("allocation run")
        verbose_name_plural = _("allocation runs")

    def __str__(self) -> str:
        return f"{self.offer} {self.started_at:%Y-%m-%d %H:%M}"


class CalendarFeed(models.Model):
    """A holder's iCalendar subscription of its slots. The URL carries a token signed
    with the feed's id (`exports.feed_token`); renewing revokes the feed and makes a
    new one, so the old URL answers 410. The feed speaks the holder's `language` (the
    calendar client sends none)."""

    organisation = models.ForeignKey(
        "organizations.Organisation", on_delete=models.CASCADE, related_name="presale_feeds"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    language = models.CharField(_("language"), max_length=10, default="de")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("valid until"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        ordering = ["organisation", "-created_at"]
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation"],
                condition=Q(revoked_at__isnull=True),
                name="presale_feed_one_live_per_organisation",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id}#{self.pk}"

    def answers_at(self, now) -> bool:
        """Not revoked and not expired at `now`."""
        return self.revoked_at is None and (self.expires_at is None or now < self.expires_at)


class KeyInvestmentInfo(models.Model):
    """The key investment information sheet of a share class (Regulation (EU)
    2020/1503, Art. 23 and Annex I), one row per published version. A version is
    never changed once published: buyers acknowledge exactly this text, and a
    subscription refers to the version acknowledged. Parts after Annex I: A the
    project owner and the project, B the crowdfunding process and its conditions,
    C risk factors, D the offer of the shares, E a special purpose vehicle, F the
    investors' rights, G complaints, H fees and costs."""

    share_class = models.ForeignKey(ShareClass, on_delete=models.PROTECT, related_name="kiis")
    version = models.PositiveIntegerField(_("version"))
    published_at = models.DateTimeField(_("published at"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    issuer = models.TextField(_("A: project owner (issuer, legal form, seat, management)"))
    project = models.TextField(_("A: the crowdfunding project"))
    process_conditions = models.TextField(
        _("B: main features of the process and conditions (target, deadline, target missed)")
    )
    risk_factors = models.TextField(_("C: risk factors"))
    offer_terms = models.TextField(
        _("D: the offer of the shares (type, price, minimum, rights attached)")
    )
    spv = models.TextField(_("E: special purpose vehicle"), blank=True)
    investor_rights = models.TextField(_("F: investor rights (incl. reflection period)"))
    complaints = models.TextField(_("G: complaints"))
    fees = models.TextField(_("H: fees, information and legal costs"))

    class Meta:
        ordering = ["share_class", "-version"]
        verbose_name = _("key investment information sheet")
        verbose_name_plural = _("key investment information sheets")
        constraints = [
            models.UniqueConstraint(
                fields=["share_class", "version"], name="presale_kiis_version_unique"
            ),
            models.CheckConstraint(condition=Q(version__gte=1), name="presale_kiis_version_pos"),
        ]

    def __str__(self) -> str:
        return f"{self.share_class} v{self.version}"


class KiisAcknowledgement(models.Model):
    """A buyer's person confirmed having read a version of a sheet (before ordering)."""

    kiis = models.ForeignKey(
        KeyInvestmentInfo, on_delete=models.PROTECT, related_name="acknowledgements"
    )
    organisation = models.ForeignKey(
        "organizations.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    acknowledged_at = models.DateTimeField(_("acknowledged at"))

    class Meta:
        ordering = ["-acknowledged_at"]
        verbose_name = _("sheet acknowledgement")
        verbose_name_plural = _("sheet acknowledgements")

    def __str__(self) -> str:
        return f"{self.kiis} {self.acknowledged_at:%Y-%m-%d %H:%M}"


class InvestorProfile(models.Model):
    """A buyer as an investor (Regulation (EU) 2020/1503, Art. 21, 22 and Annex II).

    The buyer organisation is the investor (the party of the subscription). Every
    investor is non-sophisticated until staff classify it as sophisticated on its
    request and evidence (Annex II); `natural_person` is the buyer's declaration
    that it is a natural person (a consumer or sole trader). A non-sophisticated
    investor passes the entry knowledge test and simulates its ability to bear
    loss before its first subscription, confirms a warning for a subscription above
    1,000 EUR or 5 % of the net worth it declared, and may revoke a subscription
    within four days without reason."""

    organisation = models.OneToOneField(
        "organizations.Organisation", on_delete=models.CASCADE, related_name="investor_profile"
    )
    natural_person = models.BooleanField(_("the investor is a natural person"), default=False)
    sophisticated = models.BooleanField(_("sophisticated investor"), default=False)
    classified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    classified_at = models.DateTimeField(null=True, blank=True)
    classification_note = models.CharField(_("classification note"), max_length=500, blank=True)
    net_worth = models.DecimalField(_("net worth declared (EUR)"), null=True, blank=True, **MONEY)
    annual_income = models.DecimalField(
        _("annual income declared (EUR)"), null=True, blank=True, **MONEY
    )
    declared_at = models.DateTimeField(_("declared at"), null=True, blank=True)
    knowledge_test_passed_at = models.DateTimeField(
        _("knowledge test passed at"), null=True, blank=True
    )
    knowledge_test_score = models.PositiveSmallIntegerField(null=True, blank=True)
    knowledge_test_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    simulation_at = models.DateTimeField(_("loss simulation done at"), null=True, blank=True)
    simulation_amount = models.DecimalField(
        _("amount simulated (EUR)"), null=True, blank=True, **MONEY
    )

    class Meta:
        verbose_name = _("investor profile")
        verbose_name_plural = _("investor profiles")
        constraints = [
            models.CheckConstraint(
                condition=Q(net_worth__isnull=True) | Q(net_worth__gte=0),
                name="presale_investor_net_worth_ge_0",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id}"


class KycDossier(models.Model):
    """Know your customer (GwG §§ 10-11) of a buyer organisation: its legal
    representatives and beneficial owners, submitted by the buyer and checked by
    staff before its first payment is confirmed. Kept five years after the end of
    the business relationship (GwG § 8 (4)), then anonymised (`presale.gdpr`)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("being prepared")
        SUBMITTED = "submitted", _("submitted, check outstanding")
        APPROVED = "approved", _("checked and approved")
        REJECTED = "rejected", _("checked, not approved")

    ALLOWED_TRANSITIONS = {
        Status.DRAFT: {Status.SUBMITTED},
        Status.SUBMITTED: {Status.APPROVED, Status.REJECTED},
        Status.REJECTED: {Status.SUBMITTED},
        Status.APPROVED: set(),
    }

    organisation = models.OneToOneField(
        "organizations.Organisation", on_delete=models.PROTECT, related_name="kyc_dossier"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    register_extract = models.CharField(
        _("Transparency Register extract (reference)"), max_length=100, blank=True
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    checked_at = models.DateTimeField(_("checked at"), null=True, blank=True)
    check_note = models.CharField(_("note of the check"), max_length=1000, blank=True)
    relationship_ended_at = models.DateTimeField(
        _("business relationship ended at"), null=True, blank=True
    )
    anonymised_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["status", "submitted_at", "pk"]
        verbose_name = _("KYC dossier")
        verbose_name_plural = _("KYC dossiers")

    def __str__(self) -> str:
        return f"KYC {self.organisation_id}"


class KycPerson(models.Model):
    class Role(models.TextChoices):
        REPRESENTATIVE = "representative", _("legal representative")
        OWNER = "owner", _("beneficial owner")

    dossier = models.ForeignKey(KycDossier, on_delete=models.CASCADE, related_name="persons")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    name = models.CharField(_("name"), max_length=200)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    share_percent = models.DecimalField(
        _("share of capital or voting rights (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
    )
    control = models.CharField(_("nature of control"), max_length=200, blank=True)
    register_reference = models.CharField(
        _("Transparency Register reference"), max_length=100, blank=True
    )

    class Meta:
        ordering = ["dossier", "role", "pk"]
        verbose_name = _("KYC person")
        verbose_name_plural = _("KYC persons")
        constraints = [
            models.CheckConstraint(
                condition=Q(share_percent__isnull=True)
                | Q(share_percent__gte=0, share_percent__lte=100),
                name="presale_kyc_share_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class HoursTransfer(models.Model):
    """Unused hours one buyer offers and another takes over. Both confirm on the
    platform (the offer, the acceptance); the price is what they agreed and is
    paid between them, outside the platform: it is recorded, not booked. The hours
    taken over become a purchase of the new holder with the original's number in
    the order of sale, so the order of allocation does not change."""

    class Status(models.TextChoices):
        OFFERED = "offered", _("offered")
        ACCEPTED = "accepted", _("taken over")
        WITHDRAWN = "withdrawn", _("withdrawn")

    ALLOWED_TRANSITIONS = {
        Status.OFFERED: {Status.ACCEPTED, Status.WITHDRAWN},
        Status.ACCEPTED: set(),
        Status.WITHDRAWN: set(),
    }

    purchase = models.ForeignKey(Purchase, on_delete=models.PROTECT, related_name="transfers")
    seller = models.ForeignKey(
        "organizations.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    buyer = models.ForeignKey(
        "organizations.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    unit_hours = models.PositiveIntegerField(_("unit-hours"))
    price = models.DecimalField(_("agreed price (EUR)"), **MONEY)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OFFERED
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    result = models.OneToOneField(
        Purchase,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="transfer_origin",
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("transfer of hours")
        verbose_name_plural = _("transfers of hours")
        constraints = [
            models.CheckConstraint(
                condition=Q(unit_hours__gte=1), name="presale_transfer_hours_pos"
            ),
            models.CheckConstraint(condition=Q(price__gte=0), name="presale_transfer_price_ge_0"),
        ]

    def __str__(self) -> str:
        return f"{self.purchase_id}: {self.unit_hours}"
