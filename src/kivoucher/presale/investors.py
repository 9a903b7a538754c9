"""Line III for investors (Regulation (EU) 2020/1503 on crowdfunding service providers):
the key investment information sheet of each share class (Art. 23, Annex I), the
entry knowledge test and the simulation of the ability to bear loss (Art. 21), the
warning before a large subscription (Art. 21 (7)) and the four-day reflection period
(Art. 22).

Rules, in the order `subscription_check` applies them to a subscription of shares:

1. the share class has a sheet, and a person of the buyer acknowledged its current
   (latest) version: without, the subscription is refused (`kiis_missing`,
   `kiis_not_acknowledged`); the version, time and person are stored with the order;
2. a non-sophisticated investor (every buyer, until staff classify it as
   sophisticated) has passed the knowledge test within the last two years
   (`knowledge_test_required`) and has simulated its ability to bear loss
   (`loss_simulation_required`);
3. a non-sophisticated investor confirms a warning for a subscription above
   1,000 EUR or above 5 % of the net worth it declared (`risk_warning_required`);
   the confirmation's time is stored with the order;
4. a non-sophisticated investor may revoke the subscription without reason for four
   calendar days (`reflection_until`); a paid subscription is then refunded through
   the payout path (`payments.payout_create`, SEPA), an unpaid one cancelled. After
   the four days the answer is 409 `reflection_period_over`.

Pre-paid hours are not an investment: these rules apply to subscriptions of shares.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kivoucher.core.audit import audit_record
from kivoucher.core.errors import Conflict, DomainError, NotFound, PermissionDenied
from kivoucher.core.money import round_money
from kivoucher.core.registry import contributions_notify
from kivoucher.core.roles import Role
from kivoucher.core.workflow import transition
from kivoucher.organizations.models import Organisation
from kivoucher.presale.models import (
    InvestorProfile,
    KeyInvestmentInfo,
    KiisAcknowledgement,
    Purchase,
    ShareClass,
    ShareRegisterEntry,
)

REFLECTION_DAYS = 4
KNOWLEDGE_TEST_VALID_DAYS = 2 * 365
WARNING_AMOUNT = Decimal("1000")
WARNING_SHARE_OF_NET_WORTH = Decimal("0.05")
LOSS_STEPS = (10, 50, 100)
KIIS_FIELDS = (
    "issuer",
    "project",
    "process_conditions",
    "risk_factors",
    "offer_terms",
    "spv",
    "investor_rights",
    "complaints",
    "fees",
)


@dataclass(frozen=True)
class Question:
    key: str
    text: str
    choices: tuple  # (key, text)
    correct: str


KNOWLEDGE_TEST = (
    Question(
        "loss",
        gettext_lazy(
            "What can happen to the money you invest in shares of the data-centre company?"
        ),
        (
            ("all", gettext_lazy("I can lose all of it.")),
            ("nominal", gettext_lazy("I always get at least the nominal value back.")),
            ("guaranteed", gettext_lazy("The funding programme guarantees repayment.")),
        ),
        "all",
    ),
    Question(
        "liquidity",
        gettext_lazy("Can you sell the shares at any time?"),
        (
            ("exchange", gettext_lazy("Yes, on a stock exchange.")),
            (
                "illiquid",
                gettext_lazy(
                    "No: there is no market for them; selling may be impossible or take long."
                ),
            ),
            ("buyback", gettext_lazy("Yes, the platform buys them back at the issue price.")),
        ),
        "illiquid",
    ),
    Question(
        "protection",
        gettext_lazy(
            "Is your investment protected by a deposit guarantee or investor compensation scheme?"
        ),
        (
            ("deposit", gettext_lazy("Yes, up to 100,000 EUR like a bank deposit.")),
            ("none", gettext_lazy("No, neither scheme covers it.")),
            ("consumers", gettext_lazy("Only if I am a consumer.")),
        ),
        "none",
    ),
    Question(
        "diversify",
        gettext_lazy("How much of your assets should you invest in a single project like this?"),
        (
            ("everything", gettext_lazy("As much as possible, for the best return.")),
            (
                "affordable",
                gettext_lazy("Only money I can afford to lose, spread over several investments."),
            ),
            ("half", gettext_lazy("At least half, so that it is worth it.")),
        ),
        "affordable",
    ),
)
PASS_MARK = 3


# --- who may act ------------------------------------------------------------
def _buyer_member_check(
    actor, organisation: Organisation | None, *, staff_may: bool = False
) -> Organisation:
    """The investor's own people in the buyer role act on its profile (with
    `staff_may`, acting staff too: recording what a buyer gave them on paper)."""
    from kivoucher.presale.services import _is_member

    if staff_may and organisation is not None and getattr(actor, "may_act_as_staff", False):
        return organisation
    if getattr(actor, "sees_everything", False) and not getattr(actor, "may_act_as_staff", False):
        raise PermissionDenied(_("Auditors read, they do not change."))
    if (
        organisation is None
        or getattr(actor, "role", None) != Role.BUYER
        or not _is_member(actor, organisation.pk)
    ):
        raise PermissionDenied(_("Only the buyer's own people can do this."))
    return organisation


# --- key investment information sheet ----------------------------------------
def kiis_current(share_class: ShareClass) -> KeyInvestmentInfo | None:
    return share_class.kiis.order_by("-version").first()


def kiis_publish(*, actor, share_class: ShareClass, **texts) -> KeyInvestmentInfo:
    """A new version of the sheet, published now; earlier acknowledgements no longer
    count for new subscriptions. Acting programme staff only."""
    from kivoucher.presale.services import staff_act_check

    staff_act_check(actor)
    unknown = set(texts) - set(KIIS_FIELDS)
    if unknown:
        raise DomainError(_("Unknown fields of the sheet."), code="invalid")
    with transaction.atomic():
        share_class = ShareClass.objects.select_for_update().get(pk=share_class.pk)
        last = kiis_current(share_class)
        kiis = KeyInvestmentInfo(
            share_class=share_class,
            version=(last.version + 1) if last else 1,
            published_at=timezone.now(),
            published_by=actor if getattr(actor, "pk", None) else None,
            **{field: (texts.get(field) or "").strip() for field in KIIS_FIELDS},
        )
        try:
            kiis.full_clean()
        except Exception as exc:
            raise DomainError(
                _("Every part of the sheet except E (special purpose vehicle) is required."),
                code="kiis_incomplete",
            ) from exc
        kiis.save()
        audit_record(
            actor=actor,
            action="presale.kiis.publish",
            obj=kiis,
            data={"share_class": share_class.pk, "version": kiis.version},
        )
        return kiis


def kiis_acknowledge(
    *, actor, organisation: Organisation | None, kiis: KeyInvestmentInfo, version: int | None = None
) -> KiisAcknowledgement:
    """A buyer's person confirms having read the sheet's current version (`version`,
    if given, must be it: a sheet changed since it was shown is shown again)."""
    _buyer_member_check(actor, organisation, staff_may=True)
    current = kiis_current(kiis.share_class)
    if (
        current is None
        or current.pk != kiis.pk
        or (version is not None and version != kiis.version)
    ):
        raise Conflict(
            _("The key investment information sheet has changed; please read the current version."),
            code="kiis_outdated",
        )
    with transaction.atomic():
        ack = KiisAcknowledgement.objects.create(
            kiis=kiis, organisation=organisation, user=actor, acknowledged_at=timezone.now()
        )
        audit_record(
            actor=actor,
            action="presale.kiis.acknowledge",
            obj=ack,
            data={"kiis": kiis.pk, "version": kiis.version, "organisation": organisation.pk},
        )
        return ack


def kiis_acknowledgement_current(
    *, organisation_id: int, share_class: ShareClass, user=None
) -> KiisAcknowledgement | None:
    """The buyer's latest acknowledgement of the current version (the person's own first)."""
    current = kiis_current(share_class)
    if current is None:
        return None
    acks = KiisAcknowledgement.objects.filter(kiis=current, organisation_id=organisation_id)
    own = acks.filter(user_id=getattr(user, "pk", None)).first() if user is not None else None
    return own or acks.first()


# --- investor profile ---------------------------------------------------------
def investor_profile_of(organisation: Organisation) -> InvestorProfile:
    """The organisation's profile (a fresh, unsaved one if it has none: non-sophisticated)."""
    profile = InvestorProfile.objects.filter(organisation=organisation).first()
    return profile or InvestorProfile(organisation=organisation)


def _profile_locked(organisation: Organisation) -> InvestorProfile:
    profile, _created = InvestorProfile.objects.get_or_create(organisation=organisation)
    return InvestorProfile.objects.select_for_update().get(pk=profile.pk)


def _money_or_none(value, field: str) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        amount = round_money(Decimal(str(value)))
    except Exception as exc:
        raise DomainError(
            _("%(field)s is not an amount.") % {"field": field}, code="invalid"
        ) from exc
    if amount < 0:
        raise DomainError(_("%(field)s cannot be negative.") % {"field": field}, code="invalid")
    return amount


def investor_declare(
    *,
    actor,
    organisation: Organisation | None,
    natural_person: bool,
    net_worth=None,
    annual_income=None,
) -> InvestorProfile:
    """The buyer declares whether it is a natural person, its net worth and income."""
    _buyer_member_check(actor, organisation)
    net_worth = _money_or_none(net_worth, _("Net worth"))
    annual_income = _money_or_none(annual_income, _("Annual income"))
    with transaction.atomic():
        profile = _profile_locked(organisation)
        profile.natural_person = bool(natural_person)
        profile.net_worth = net_worth
        profile.annual_income = annual_income
        profile.declared_at = timezone.now()
        profile.save(update_fields=["natural_person", "net_worth", "annual_income", "declared_at"])
        audit_record(
            actor=actor,
            action="presale.investor.declare",
            obj=profile,
            data={
                "natural_person": profile.natural_person,
                "net_worth": None if net_worth is None else str(net_worth),
                "annual_income": None if annual_income is None else str(annual_income),
            },
        )
        return profile


@dataclass
class TestResult:
    score: int
    passed: bool
    wrong: list  # question keys answered wrongly
    profile: InvestorProfile


def knowledge_test_take(
    *, actor, organisation: Organisation | None, answers: dict[str, str]
) -> TestResult:
    """Score the answers (question key -> choice key); PASS_MARK of the questions right
    passes. Every attempt is audited; a pass is recorded on the profile."""
    _buyer_member_check(actor, organisation)
    wrong = [q.key for q in KNOWLEDGE_TEST if answers.get(q.key) != q.correct]
    score = len(KNOWLEDGE_TEST) - len(wrong)
    passed = score >= PASS_MARK
    with transaction.atomic():
        profile = _profile_locked(organisation)
        if passed:
            profile.knowledge_test_passed_at = timezone.now()
            profile.knowledge_test_score = score
            profile.knowledge_test_by = actor
            profile.save(
                update_fields=[
                    "knowledge_test_passed_at",
                    "knowledge_test_score",
                    "knowledge_test_by",
                ]
            )
        audit_record(
            actor=actor,
            action="presale.investor.knowledge_test",
            obj=profile,
            new_state="passed" if passed else "failed",
            data={"score": score, "of": len(KNOWLEDGE_TEST), "wrong": wrong},
        )
    return TestResult(score, passed, wrong, profile)


@dataclass
class LossLine:
    percent: int
    loss: Decimal
    share_of_net_worth: Decimal | None  # percent of the net worth; None: no net worth


@dataclass
class Simulation:
    amount: Decimal
    net_worth: Decimal
    annual_income: Decimal | None
    lines: list
    capacity: Decimal  # the ability to bear loss: 10 % of the net worth (Art. 21 (5))
    within_capacity: bool


def loss_simulation(*, amount, net_worth, annual_income=None) -> Simulation:
    """What losing 10 %, 50 % and 100 % of `amount` means against the net worth."""
    amount = _money_or_none(amount, _("Planned amount")) or Decimal("0")
    net_worth = _money_or_none(net_worth, _("Net worth"))
    if net_worth is None:
        raise DomainError(_("Please state your net worth."), code="net_worth_missing")
    if amount <= 0:
        raise DomainError(_("Please state the amount you plan to invest."), code="invalid")
    lines = []
    for percent in LOSS_STEPS:
        loss = round_money(amount * percent / 100)
        share = round_money(loss * 100 / net_worth) if net_worth > 0 else None
        lines.append(LossLine(percent, loss, share))
    capacity = round_money(net_worth / 10)
    return Simulation(
        amount,
        net_worth,
        _money_or_none(annual_income, _("Annual income")),
        lines,
        capacity,
        amount <= capacity,
    )


def loss_simulation_record(
    *, actor, organisation: Organisation | None, amount, net_worth, annual_income=None
) -> Simulation:
    """The investor ran the simulation: its figures are kept as its declaration."""
    _buyer_member_check(actor, organisation)
    result = loss_simulation(amount=amount, net_worth=net_worth, annual_income=annual_income)
    with transaction.atomic():
        profile = _profile_locked(organisation)
        profile.net_worth = result.net_worth
        profile.annual_income = result.annual_income
        profile.declared_at = profile.simulation_at = timezone.now()
        profile.simulation_amount = result.amount
        profile.save(
            update_fields=[
                "net_worth",
                "annual_income",
                "declared_at",
                "simulation_at",
                "simulation_amount",
            ]
        )
        audit_record(
            actor=actor,
            action="presale.investor.loss_simulation",
            obj=profile,
            data={
                "amount": str(result.amount),
                "net_worth": str(result.net_worth),
                "capacity": str(result.capacity),
            },
        )
    return result


def investor_classify(
    *, actor, profile_organisation: Organisation, sophisticated: bool, note: str
) -> InvestorProfile:
    """Staff classify an investor as sophisticated (Annex II, on its request and
    evidence) or back as non-sophisticated; the note says on what evidence."""
    from kivoucher.presale.services import staff_act_check

    staff_act_check(actor)
    if sophisticated and not (note or "").strip():
        raise DomainError(
            _("Say on which evidence the investor is sophisticated."), code="note_missing"
        )
    with transaction.atomic():
        profile = _profile_locked(profile_organisation)
        old = profile.sophisticated
        profile.sophisticated = bool(sophisticated)
        profile.classified_by = actor if getattr(actor, "pk", None) else None
        profile.classified_at = timezone.now()
        profile.classification_note = (note or "").strip()[:500]
        profile.save(
            update_fields=["sophisticated", "classified_by", "classified_at", "classification_note"]
        )
        audit_record(
            actor=actor,
            action="presale.investor.classify",
            obj=profile,
            old_state="sophisticated" if old else "non_sophisticated",
            new_state="sophisticated" if profile.sophisticated else "non_sophisticated",
            reason=profile.classification_note,
        )
        return profile


# --- the subscription -----------------------------------------------------------
def warning_required(profile: InvestorProfile, amount: Decimal) -> bool:
    """Art. 21 (7): above 1,000 EUR, or above 5 % of the net worth declared."""
    if profile.sophisticated:
        return False
    if amount > WARNING_AMOUNT:
        return True
    return profile.net_worth is not None and amount > profile.net_worth * WARNING_SHARE_OF_NET_WORTH


def knowledge_test_current(profile: InvestorProfile, now: datetime | None = None) -> bool:
    now = now or timezone.now()
    passed = profile.knowledge_test_passed_at
    return passed is not None and passed > now - timedelta(days=KNOWLEDGE_TEST_VALID_DAYS)


def subscription_check(
    *,
    actor,
    buyer: Organisation,
    share_class: ShareClass,
    amount: Decimal,
    risk_warning_confirmed: bool,
    now: datetime | None = None,
) -> dict:
    """The fields a subscription of shares stores, or the reason it is refused."""
    now = now or timezone.now()
    if kiis_current(share_class) is None:
        raise Conflict(
            _(
                "This share class has no key investment information sheet yet; "
                "it cannot be subscribed."
            ),
            code="kiis_missing",
        )
    ack = kiis_acknowledgement_current(
        organisation_id=buyer.pk, share_class=share_class, user=actor
    )
    if ack is None:
        raise Conflict(
            _(
                "Please read and acknowledge the current key investment information sheet "
                "of this share class before subscribing."
            ),
            code="kiis_not_acknowledged",
        )
    profile = investor_profile_of(buyer)
    fields = {
        "kiis": ack.kiis,
        "kiis_acknowledged_at": ack.acknowledged_at,
        "kiis_acknowledged_by": ack.user,
    }
    if profile.sophisticated:
        return fields
    if not knowledge_test_current(profile, now):
        raise Conflict(
            _("Before your first subscription, please pass the entry knowledge test."),
            code="knowledge_test_required",
        )
    if profile.simulation_at is None or profile.net_worth is None:
        raise Conflict(
            _("Before your first subscription, please simulate your ability to bear a loss."),
            code="loss_simulation_required",
        )
    if warning_required(profile, amount):
        if not risk_warning_confirmed:
            raise Conflict(
                _(
                    "Warning: you are about to invest %(amount)s EUR, more than 1,000 EUR or more "
                    "than 5 %% of your declared net worth. You may lose all of it. Please "
                    "confirm that you are aware of this risk."
                )
                % {"amount": amount},
                code="risk_warning_required",
            )
        fields["risk_warning_confirmed_at"] = now
    fields["reflection_until"] = now + timedelta(days=REFLECTION_DAYS)
    return fields


def purchase_revocable(purchase: Purchase, now: datetime | None = None) -> bool:
    now = now or timezone.now()
    return (
        purchase.reflection_until is not None
        and now < purchase.reflection_until
        and purchase.status in (Purchase.Status.PENDING, Purchase.Status.CONFIRMED)
    )


def purchase_revoke(*, actor, purchase: Purchase, now: datetime | None = None) -> Purchase:
    """Revoke a subscription within the reflection period, without reason: an unpaid
    one is cancelled, a paid one refunded in full by SEPA (payments.payout_create) and
    its shares struck from the register."""
    from kivoucher.payments.services import payout_create
    from kivoucher.presale.services import holder_act_check, purchase_account

    holder_act_check(actor, buyer_id=purchase.buyer_id, not_found=_("Purchase not found."))
    now = now or timezone.now()
    with transaction.atomic():
        purchase = Purchase.objects.select_for_update().get(pk=purchase.pk)
        if purchase.reflection_until is None:
            raise Conflict(
                _("This order has no reflection period; it cannot be revoked."),
                code="not_revocable",
            )
        if now >= purchase.reflection_until:
            raise Conflict(
                _(
                    "The four-day reflection period ended on %(end)s; "
                    "the subscription can no longer be revoked."
                )
                % {"end": timezone.localtime(purchase.reflection_until).strftime("%d.%m.%Y %H:%M")},
                code="reflection_period_over",
            )
        from kivoucher.presale.kyc import held_payment_refund, payment_is_held

        if payment_is_held(purchase):
            return held_payment_refund(actor=actor, purchase=purchase, reason="revoked")
        if purchase.status == Purchase.Status.PENDING:
            return transition(
                purchase,
                Purchase.Status.CANCELLED,
                actor=actor,
                reason="revoked in the reflection period",
                fields={"revoked_at": now},
                locked=True,
            )
        if purchase.status != Purchase.Status.CONFIRMED:
            raise Conflict(_("This subscription cannot be revoked."), code="not_revocable")
        payout = payout_create(
            actor="system:presale-revocation",
            key=f"presale-revocation-{purchase.pk}",
            origin=f"presale:purchase:{purchase.pk}",
            beneficiary=purchase.buyer,
            amount=purchase.amount,
            source_account=purchase_account(purchase),
            remittance=f"Widerruf {purchase.reference} {purchase.offer.code}",
        )
        ShareRegisterEntry.objects.filter(purchase=purchase).update(cancelled_at=now)
        purchase = transition(
            purchase,
            Purchase.Status.REFUNDED,
            actor=actor,
            reason="revoked in the reflection period",
            data={"payout": payout.end_to_end_id},
            fields={"revoked_at": now},
            locked=True,
        )
        # the apps that follow refunds (invoicing: a credit note), as for a failed pre-sale
        contributions_notify(
            "presale_events",
            "purchase_refunded",
            actor=actor,
            purchase=purchase,
            reason="revoked in the reflection period",
        )
        return purchase


def kiis_get(*, share_class_id: int, version: int | None = None) -> KeyInvestmentInfo:
    qs = KeyInvestmentInfo.objects.filter(share_class_id=share_class_id)
    kiis = (qs.filter(version=version) if version else qs.order_by("-version")).first()
    if kiis is None:
        raise NotFound(_("No key investment information sheet."))
    return kiis
