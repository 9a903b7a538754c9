"""Line III writes: offers, purchases, payment confirmation (the order of sale),
the funding target, refunds, and the ledger bookings of pre-sold hours.

Ledger (EUR): buyers' payments come from `presale:payments-in` (the outside
world) into the offer's deferred-revenue account (hours: a liability of the
operating company until used) or its share-capital account (shares). Used hours
move deferred -> revenue, unused hours at expiry deferred -> expired-hours;
refunds leave through `payments.payout_create` (SEPA batch).

Who may do what is decided here, not in the pages or the API: acting programme
staff run the pre-sale (`staff_act_check`), a buyer's people act on their own
purchases, requests and slots (`holder_act_check`); the platform's own jobs (an
actor given as a string, e.g. "system:allocate-slots") are trusted. Every status
change goes through `core.workflow.transition` and the tables on the models.
"""

import secrets
from datetime import datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import Max, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from kivoucher.core.audit import audit_record
from kivoucher.core.errors import Conflict, DomainError, NotFound, PermissionDenied
from kivoucher.core.money import round_money
from kivoucher.core.registry import contributions_notify
from kivoucher.core.roles import Role
from kivoucher.core.workflow import transition
from kivoucher.ledger.models import Account
from kivoucher.ledger.services import account_get_or_create, transfer_create
from kivoucher.organizations.models import Organisation
from kivoucher.payments.services import payout_create
from kivoucher.presale.models import (
    CalendarFeed,
    Offer,
    PriceTier,
    Purchase,
    PurchasePricePart,
    ShareClass,
    ShareRegisterEntry,
    Slot,
)
from kivoucher.presale.notifications import payment_confirmed_notify
from kivoucher.presale.selectors import offer_paid_total, offer_price_quote

PAYMENTS_IN = "presale:payments-in"
REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
SOLD = Purchase.SOLD


# --- who may act ----------------------------------------------------------
def _is_system(actor) -> bool:
    """A job of the platform itself ("system:allocate-slots"), not a person."""
    return actor is None or isinstance(actor, str)


def _is_member(actor, organisation_id: int) -> bool:
    return bool(
        getattr(actor, "is_authenticated", False)
        and actor.memberships.filter(organisation_id=organisation_id).exists()
    )


def staff_act_check(actor) -> None:
    """Offers, payments, commissioning and allocation: acting programme staff only
    (the auditor reads and changes nothing), and the platform's own jobs."""
    if _is_system(actor) or getattr(actor, "may_act_as_staff", False):
        return
    raise PermissionDenied(_("Only programme staff may do this."))


def holder_act_check(actor, *, buyer_id: int, not_found: str) -> None:
    """A buyer's people act on its purchases, requests and slots; acting staff may act
    for them. The auditor sees them but does not act (403); anyone else does not see
    them at all (404 with `not_found`, no existence leak)."""
    if _is_system(actor) or getattr(actor, "may_act_as_staff", False):
        return
    if getattr(actor, "sees_everything", False):
        raise PermissionDenied(_("Auditors read, they do not change."))
    if not _is_member(actor, buyer_id):
        raise NotFound(not_found)


def _buyer_check(actor, buyer: Organisation | None) -> None:
    """Orders: a person in the buyer role for their own organisation, or acting staff
    recording an order for a company."""
    if buyer is not None and (
        _is_system(actor)
        or getattr(actor, "may_act_as_staff", False)
        or (getattr(actor, "role", None) == Role.BUYER and _is_member(actor, buyer.pk))
    ):
        return
    raise PermissionDenied(_("Only buyers acting for an organisation can order."))


# --- accounts -------------------------------------------------------------
def payments_in_account() -> Account:
    return account_get_or_create(
        code=PAYMENTS_IN, name="Pre-sale: payments received from buyers", floor=None
    )


def deferred_account(offer: Offer) -> Account:
    return account_get_or_create(
        code=offer.deferred_account_code, name=f"Pre-sold hours (deferred revenue): {offer.code}"
    )


def share_capital_account(offer: Offer) -> Account:
    return account_get_or_create(
        code=offer.share_capital_account_code, name=f"Share subscriptions: {offer.code}"
    )


def revenue_account(offer: Offer) -> Account:
    return account_get_or_create(
        code=offer.revenue_account_code, name=f"Revenue from used hours: {offer.code}"
    )


def breakage_account(offer: Offer) -> Account:
    return account_get_or_create(
        code=offer.breakage_account_code, name=f"Expired pre-sold hours: {offer.code}"
    )


def purchase_account(purchase: Purchase) -> Account:
    if purchase.kind == Purchase.Kind.SHARES:
        return share_capital_account(purchase.offer)
    return deferred_account(purchase.offer)


# --- offers ---------------------------------------------------------------
def offer_create(
    *,
    actor,
    programme,
    operator: Organisation,
    code: str,
    title: str,
    regular_price: Decimal,
    unit_hours_for_sale: int,
    funding_target: Decimal,
    opens_at: datetime,
    deadline: datetime,
    tiers: list[dict] = (),
    share_classes: list[dict] = (),
    **fields,
) -> Offer:
    staff_act_check(actor)
    if operator.kind != Organisation.Kind.OPERATOR:
        raise DomainError(_("Only a data-centre operating company can publish a pre-sale."))
    with transaction.atomic():
        offer = Offer(
            programme=programme,
            operator=operator,
            code=code,
            title=title,
            regular_price=regular_price,
            unit_hours_for_sale=unit_hours_for_sale,
            funding_target=funding_target,
            opens_at=opens_at,
            deadline=deadline,
            **fields,
        )
        offer.full_clean()
        offer.save()
        parts = [PriceTier(offer=offer, order=order, **tier) for order, tier in enumerate(tiers)]
        parts += [ShareClass(offer=offer, **share_class) for share_class in share_classes]
        for part in parts:
            part.full_clean()
            part.save()
        audit_record(
            actor=actor,
            action="presale.offer.create",
            obj=offer,
            new_state=offer.status,
            data={"code": code, "target": str(funding_target)},
        )
        return offer


def offer_publish(*, actor, offer: Offer) -> Offer:
    staff_act_check(actor)
    return transition(offer, Offer.Status.OPEN, actor=actor)


# --- purchases ------------------------------------------------------------
def _new_reference() -> str:
    while True:
        token = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))
        reference = f"KIV-PS-{token[:4]}-{token[4:]}"
        if not Purchase.objects.filter(reference=reference).exists():
            return reference


def _sold_unit_hours(offer: Offer, **filters) -> int:
    return (
        Purchase.objects.filter(
            offer=offer, status__in=SOLD, kind=Purchase.Kind.HOURS, **filters
        ).aggregate(s=Sum("unit_hours"))["s"]
        or 0
    )


def offer_is_selling(offer: Offer, now: datetime | None = None) -> bool:
    now = now or timezone.now()
    return (
        offer.status in (Offer.Status.OPEN, Offer.Status.FUNDED)
        and offer.opens_at <= now < offer.deadline
    )


def purchase_create(
    *,
    actor,
    offer: Offer,
    buyer: Organisation | None,
    kind: str,
    unit_hours: int = 0,
    share_class: ShareClass | None = None,
    shares: int = 0,
    risk_warning_confirmed: bool = False,
) -> Purchase:
    """Order hours or subscribe shares; the buyer gets a payment reference.

    A subscription of shares needs the acknowledged key investment information
    sheet and, for a non-sophisticated investor, the knowledge test, the loss
    simulation and, for a large amount, `risk_warning_confirmed`
    (`presale/investors.py`).

    `buyer` is the organisation the actor orders for (None: the actor acts for none,
    which is refused). Hours are priced in parts across the discount tiers
    (`presale/pricing.py`); the offer's row lock serialises the orders of an offer,
    so a tier's hours left are read and taken by one order at a time."""
    _buyer_check(actor, buyer)
    if not buyer.iban:
        raise DomainError(
            _("Your organisation needs an IBAN on file (for refunds) before it can buy."),
            code="iban_missing",
        )
    with transaction.atomic():
        offer = Offer.objects.select_for_update().get(pk=offer.pk)
        if not offer_is_selling(offer):
            raise Conflict(_("This pre-sale is not open for orders."), code="not_selling")
        quote = None
        protection = {}
        if kind == Purchase.Kind.HOURS:
            unit_hours = int(unit_hours)
            if unit_hours < max(offer.min_unit_hours, 1):
                raise DomainError(
                    _("The minimum order is %(n)s unit-hours.") % {"n": offer.min_unit_hours},
                    code="below_minimum",
                )
            if _sold_unit_hours(offer) + unit_hours > offer.unit_hours_for_sale:
                raise Conflict(_("Not enough hours are left in this pre-sale."), code="sold_out")
            limit = offer.max_unit_hours_per_buyer
            if limit and _sold_unit_hours(offer, buyer=buyer) + unit_hours > limit:
                raise Conflict(
                    _("A buyer may order at most %(n)s unit-hours.") % {"n": limit},
                    code="buyer_limit",
                )
            quote = offer_price_quote(offer, unit_hours)
            amount = quote.amount
            shares, share_class = 0, None
        elif kind == Purchase.Kind.SHARES:
            if share_class is None or share_class.offer_id != offer.pk:
                raise DomainError(_("Choose a share class of this offer."), code="share_class")
            shares = int(shares)
            if shares < share_class.min_shares:
                raise DomainError(
                    _("The minimum subscription is %(n)s shares.") % {"n": share_class.min_shares},
                    code="below_minimum",
                )
            taken = (
                Purchase.objects.filter(share_class=share_class, status__in=SOLD).aggregate(
                    s=Sum("shares")
                )["s"]
                or 0
            )
            if taken + shares > share_class.shares_offered:
                raise Conflict(_("Not enough shares are left."), code="sold_out")
            amount = round_money(share_class.issue_price * shares)
            unit_hours = 0
            from kivoucher.presale.investors import subscription_check

            protection = subscription_check(
                actor=actor,
                buyer=buyer,
                share_class=share_class,
                amount=amount,
                risk_warning_confirmed=risk_warning_confirmed,
            )
        else:
            raise DomainError(_("Unknown kind of purchase."), code="invalid_kind")
        purchase = Purchase.objects.create(
            offer=offer,
            buyer=buyer,
            created_by=actor if getattr(actor, "pk", None) else None,
            kind=kind,
            unit_hours=unit_hours,
            tier_id=quote.first_tier_id if quote else None,
            share_class=share_class,
            shares=shares,
            amount=amount,
            reference=_new_reference(),
            **protection,
        )
        prices = []
        if quote is not None:
            PurchasePricePart.objects.bulk_create(
                PurchasePricePart(
                    purchase=purchase,
                    tier_id=part.tier_id,
                    unit_hours=part.unit_hours,
                    price=part.price,
                )
                for part in quote.parts
            )
            prices = [[part.unit_hours, str(part.price)] for part in quote.parts]
        audit_record(
            actor=actor,
            action="presale.purchase.create",
            obj=purchase,
            new_state=purchase.status,
            data={
                "kind": kind,
                "unit_hours": unit_hours,
                "shares": shares,
                "amount": str(amount),
                **({"prices": prices} if prices else {}),
                **(
                    {
                        "kiis": protection["kiis"].pk,
                        "kiis_version": protection["kiis"].version,
                        "risk_warning_confirmed": "risk_warning_confirmed_at" in protection,
                        "reflection_until": protection["reflection_until"].isoformat()
                        if protection.get("reflection_until")
                        else None,
                    }
                    if protection
                    else {}
                ),
            },
        )
        return purchase


def purchase_cancel(*, actor, purchase: Purchase, reason: str = "") -> Purchase:
    holder_act_check(actor, buyer_id=purchase.buyer_id, not_found=_("Purchase not found."))
    from kivoucher.presale.kyc import payment_is_held

    if payment_is_held(purchase):
        raise Conflict(
            _("Your payment has arrived and waits for the identity check; it cannot be cancelled."),
            code="payment_held",
        )
    return transition(purchase, Purchase.Status.CANCELLED, actor=actor, reason=reason)


def _voucher_code() -> str:
    token = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))
    return f"KIP-{token[:4]}-{token[4:]}"


def _activate(*, actor, purchase: Purchase) -> Purchase:
    """Target reached: a paid hours purchase becomes a voucher for cluster-hours."""
    if purchase.kind != Purchase.Kind.HOURS:
        return purchase
    return transition(
        purchase,
        Purchase.Status.ACTIVE,
        actor=actor,
        fields={"voucher_code": _voucher_code()},
        locked=True,
    )


def purchase_confirm_payment(
    *,
    actor,
    purchase: Purchase,
    amount: Decimal | None = None,
    source: str = "manual",
    bank_reference: str = "",
) -> Purchase:
    """The payment arrived: the purchase takes the next number in the order of sale.

    The offer row is locked, so confirmations are serialised per offer and the
    sequence is strictly increasing and gap-free (a unique constraint backs it).
    """
    staff_act_check(actor)
    with transaction.atomic():
        offer = Offer.objects.select_for_update().get(pk=purchase.offer_id)
        purchase = Purchase.objects.select_for_update().get(pk=purchase.pk)
        if purchase.status != Purchase.Status.PENDING:
            raise Conflict(
                _("Purchase %(ref)s is %(status)s, not awaiting payment.")
                % {"ref": purchase.reference, "status": purchase.get_status_display()},
                code="not_pending",
            )
        if offer.status not in (Offer.Status.OPEN, Offer.Status.FUNDED):
            raise Conflict(_("This pre-sale no longer accepts payments."), code="not_selling")
        from kivoucher.presale.kyc import kyc_approved, kyc_outstanding_error

        if not kyc_approved(purchase.buyer_id):
            raise kyc_outstanding_error()
        if amount is not None and Decimal(amount) != purchase.amount:
            raise Conflict(
                _("%(paid)s was paid, %(due)s is due.") % {"paid": amount, "due": purchase.amount},
                code="amount_mismatch",
            )
        sequence = (
            Purchase.objects.filter(offer=offer, sequence__isnull=False).aggregate(
                m=Max("sequence")
            )["m"]
            or 0
        ) + 1
        transfer_create(
            key=f"presale:purchase:{purchase.pk}:paid",
            source=payments_in_account(),
            destination=purchase_account(purchase),
            amount=purchase.amount,
            kind="presale_payment",
            memo=purchase.reference,
        )
        transition(
            purchase,
            Purchase.Status.CONFIRMED,
            actor=actor,
            data={"sequence": sequence, "source": source, "bank_reference": bank_reference},
            fields={"sequence": sequence, "confirmed_at": timezone.now()},
            locked=True,
        )
        if purchase.kind == Purchase.Kind.SHARES:
            _register_shares(purchase)
        if offer.status == Offer.Status.FUNDED:
            _activate(actor=actor, purchase=purchase)
        elif offer_paid_total(offer) >= offer.funding_target:
            _funded(actor=actor, offer=offer)
        purchase.refresh_from_db()
        payment_confirmed_notify(purchase=purchase)
        contributions_notify("presale_events", "purchase_paid", actor=actor, purchase=purchase)
        return purchase


def _register_shares(purchase: Purchase) -> ShareRegisterEntry:
    share_class = ShareClass.objects.select_for_update().get(pk=purchase.share_class_id)
    last = share_class.entries.aggregate(m=Max("last_number"))["m"] or 0
    return ShareRegisterEntry.objects.create(
        share_class=share_class,
        purchase=purchase,
        holder_id=purchase.buyer_id,
        first_number=last + 1,
        last_number=last + purchase.shares,
        nominal_total=round_money(share_class.nominal_value * purchase.shares),
    )


def _funded(*, actor, offer: Offer) -> None:
    """Target reached (the caller holds the offer's lock): paid hours become vouchers."""
    transition(
        offer,
        Offer.Status.FUNDED,
        actor=actor,
        data={"paid": str(offer_paid_total(offer))},
        locked=True,
    )
    for purchase in Purchase.objects.select_for_update().filter(
        offer=offer, status=Purchase.Status.CONFIRMED, kind=Purchase.Kind.HOURS
    ):
        _activate(actor=actor, purchase=purchase)


def offer_evaluate(*, actor, offer: Offer, now: datetime | None = None) -> Offer:
    """After the deadline: the target was reached (vouchers) or missed (refunds)."""
    staff_act_check(actor)
    now = now or timezone.now()
    with transaction.atomic():
        offer = Offer.objects.select_for_update().get(pk=offer.pk)
        if offer.status != Offer.Status.OPEN or now < offer.deadline:
            return offer
        if offer_paid_total(offer) >= offer.funding_target:
            _funded(actor=actor, offer=offer)
        else:
            _failed(actor=actor, offer=offer)
        offer.refresh_from_db()
        return offer


def _failed(*, actor, offer: Offer) -> None:
    """Target missed (the caller holds the offer's lock): open orders are cancelled,
    every paid purchase is refunded in full."""
    transition(
        offer,
        Offer.Status.FAILED,
        actor=actor,
        reason="funding target missed",
        data={"paid": str(offer_paid_total(offer)), "target": str(offer.funding_target)},
        locked=True,
    )
    purchases = Purchase.objects.select_for_update().filter(offer=offer).order_by("pk")
    for purchase in purchases:
        from kivoucher.presale.kyc import held_payment_refund, payment_is_held

        if payment_is_held(purchase):
            held_payment_refund(actor=actor, purchase=purchase, reason="funding target missed")
        elif purchase.status == Purchase.Status.PENDING:
            transition(
                purchase,
                Purchase.Status.CANCELLED,
                actor=actor,
                reason="funding target missed",
                locked=True,
            )
        elif purchase.status == Purchase.Status.CONFIRMED:
            payout = payout_create(
                actor=actor,
                key=f"presale-refund-{purchase.pk}",
                origin=f"presale:purchase:{purchase.pk}",
                beneficiary=purchase.buyer,
                amount=purchase.amount,
                source_account=purchase_account(purchase),
                remittance=f"Erstattung {purchase.reference} {offer.code}",
            )
            transition(
                purchase,
                Purchase.Status.REFUNDED,
                actor=actor,
                reason="funding target missed",
                data={"payout": payout.end_to_end_id},
                locked=True,
            )
            ShareRegisterEntry.objects.filter(purchase=purchase).update(cancelled_at=timezone.now())
            contributions_notify(
                "presale_events",
                "purchase_refunded",
                actor=actor,
                purchase=purchase,
                reason="funding target missed",
            )


def offers_evaluate_due(*, actor, now: datetime | None = None) -> list[Offer]:
    staff_act_check(actor)
    now = now or timezone.now()
    due = Offer.objects.filter(status=Offer.Status.OPEN, deadline__lte=now).order_by("pk")
    return [offer_evaluate(actor=actor, offer=offer, now=now) for offer in due]


# --- redemption and expiry ------------------------------------------------
def slots_move(slots, to: str) -> list[int]:
    """Move many slots at once (a request confirmed or withdrawn, a voucher expired):
    those of `slots` that `Slot.ALLOWED_TRANSITIONS` lets go to `to`, in one UPDATE.
    The caller's own event (of the request or purchase) records it; returns their ids."""
    sources = [old for old, targets in Slot.ALLOWED_TRANSITIONS.items() if to in targets]
    with transaction.atomic():
        moving = slots.filter(status__in=sources).select_for_update().order_by("pk")
        ids = list(moving.values_list("pk", flat=True))
        Slot.objects.filter(pk__in=ids).update(status=to)
    return ids


def _redeemed_unit_hours(purchase: Purchase, *, without: Slot | None = None) -> int:
    used = Slot.objects.filter(purchase=purchase, status=Slot.Status.USED)
    if without is not None:
        used = used.exclude(pk=without.pk)
    return sum(s.hours for s in used.only("start", "end"))


def _recognised(purchase: Purchase, unit_hours: int) -> Decimal:
    """Deferred revenue recognised for the first `unit_hours`; cumulative rounding
    makes the parts add up to the purchase amount exactly."""
    return round_money(purchase.amount * unit_hours / purchase.unit_hours)


def purchase_redeem(*, actor, purchase: Purchase, slot: Slot) -> Decimal:
    """A used slot reduces the liability: deferred -> revenue for its hours (whether
    the slot is marked used yet or not: its own hours are counted once)."""
    before = _redeemed_unit_hours(purchase, without=slot)
    after = before + slot.hours
    amount = _recognised(purchase, after) - _recognised(purchase, before)
    if amount > 0:
        transfer_create(
            key=f"presale:slot:{slot.pk}:redeem",
            source=deferred_account(purchase.offer),
            destination=revenue_account(purchase.offer),
            amount=amount,
            kind="presale_redeem",
            memo=f"{purchase.reference} {slot}",
        )
    contributions_notify(
        "presale_events", "purchase_redeemed", actor=actor, purchase=purchase, used_unit_hours=after
    )
    return amount


def purchase_expire(*, actor, purchase: Purchase) -> Purchase:
    """Validity over: the unused rest of the deferred revenue is accounted as expired."""
    staff_act_check(actor)
    with transaction.atomic():
        purchase = Purchase.objects.select_for_update().get(pk=purchase.pk)
        used = _redeemed_unit_hours(purchase)
        rest = purchase.amount - _recognised(purchase, used)
        slots_move(Slot.objects.filter(purchase=purchase), Slot.Status.RELEASED)
        if rest > 0:
            transfer_create(
                key=f"presale:purchase:{purchase.pk}:expire",
                source=deferred_account(purchase.offer),
                destination=breakage_account(purchase.offer),
                amount=rest,
                kind="presale_expire",
                memo=purchase.reference,
            )
        contributions_notify(
            "presale_events",
            "purchase_expired",
            actor=actor,
            purchase=purchase,
            used_unit_hours=used,
        )
        return transition(
            purchase,
            Purchase.Status.EXPIRED,
            actor=actor,
            data={"unused_unit_hours": purchase.unit_hours - used, "expired_amount": str(rest)},
            locked=True,
        )


def offer_expire_hours(*, actor, offer: Offer, today=None) -> int:
    staff_act_check(actor)
    today = today or timezone.localdate()
    if not offer.hours_valid_until or today <= offer.hours_valid_until:
        return 0
    purchases = Purchase.objects.filter(offer=offer, status=Purchase.Status.ACTIVE).order_by("pk")
    count = 0
    for purchase in purchases:
        purchase_expire(actor=actor, purchase=purchase)
        count += 1
    return count


# --- calendar feeds -------------------------------------------------------
FEED_MAX_VALID_DAYS = 3650


def _feed_language(language: str | None) -> str:
    """A language of the platform (`settings.LANGUAGES`), else German."""
    code = (language or "").split("-")[0].lower()
    return code if code in dict(settings.LANGUAGES) else "de"


def _feed_live(organisation: Organisation) -> CalendarFeed | None:
    return CalendarFeed.objects.filter(organisation=organisation, revoked_at__isnull=True).first()


def _feed_lock(organisation: Organisation) -> None:
    """Serialise feed changes of one organisation (one live feed, a constraint backs it)."""
    Organisation.objects.select_for_update().only("pk").get(pk=organisation.pk)


def calendar_feed_get_or_create(
    *, actor, organisation: Organisation, language: str | None = None
) -> CalendarFeed:
    """The organisation's live calendar feed; the first call makes one, speaking
    `language` (the asker's), without expiry."""
    holder_act_check(actor, buyer_id=organisation.pk, not_found=_("Calendar feed not found."))
    feed = _feed_live(organisation)
    if feed is not None:
        return feed
    with transaction.atomic():
        _feed_lock(organisation)
        feed = _feed_live(organisation)
        if feed is None:
            feed = CalendarFeed.objects.create(
                organisation=organisation,
                created_by=actor if getattr(actor, "pk", None) else None,
                language=_feed_language(language),
            )
            audit_record(
                actor=actor,
                action="presale.calendar_feed.create",
                obj=feed,
                data={"organisation": organisation.pk, "language": feed.language},
            )
        return feed


def calendar_feed_renew(
    *,
    actor,
    organisation: Organisation,
    valid_days: int | None = None,
    language: str | None = None,
) -> CalendarFeed:
    """A new feed URL for the organisation: the live feed is revoked (its URL answers
    410 from now on) and a new one is made, valid for `valid_days` (None: no expiry)."""
    holder_act_check(actor, buyer_id=organisation.pk, not_found=_("Calendar feed not found."))
    if valid_days is not None and not 1 <= valid_days <= FEED_MAX_VALID_DAYS:
        raise DomainError(
            _("A calendar feed is valid for 1 to %(n)s days.") % {"n": FEED_MAX_VALID_DAYS},
            code="invalid_validity",
        )
    with transaction.atomic():
        _feed_lock(organisation)
        now = timezone.now()
        revoked = list(
            CalendarFeed.objects.filter(
                organisation=organisation, revoked_at__isnull=True
            ).values_list("pk", flat=True)
        )
        CalendarFeed.objects.filter(pk__in=revoked).update(revoked_at=now)
        feed = CalendarFeed.objects.create(
            organisation=organisation,
            created_by=actor if getattr(actor, "pk", None) else None,
            language=_feed_language(language),
            expires_at=now + timedelta(days=valid_days) if valid_days else None,
        )
        audit_record(
            actor=actor,
            action="presale.calendar_feed.renew",
            obj=feed,
            data={
                "organisation": organisation.pk,
                "revoked": revoked,
                "expires_at": feed.expires_at.isoformat() if feed.expires_at else None,
                "language": feed.language,
            },
        )
        return feed
