"""Line III writes: offers, purchases, payment confirmation (the order of sale),
the funding target, refunds, and the ledger bookings of pre-sold hours.

Ledger (EUR): buyers' payments come from `presale:payments-in` (the outside
world) into the offer's deferred-revenue account (hours: a liability of the
operating company until used) or its share-capital account (shares). Used hours
move deferred -> revenue, unused hours at expiry deferred -> expired-hours;
refunds leave through `payments.payout_create` (SEPA batch).
"""

import secrets
from datetime import datetime
from decimal import Decimal

from django.db import transaction
from django.db.models import Max, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from kivoucher.core.audit import audit_record
from kivoucher.core.errors import Conflict, DomainError
from kivoucher.core.money import round_money
from kivoucher.ledger.models import Account
from kivoucher.ledger.selectors import money_sum
from kivoucher.ledger.services import account_get_or_create, transfer_create
from kivoucher.organizations.models import Organisation
from kivoucher.payments.services import payout_create
from kivoucher.presale.models import (
    Offer,
    PriceTier,
    Purchase,
    ShareClass,
    ShareRegisterEntry,
    Slot,
)

PAYMENTS_IN = "presale:payments-in"
REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
SOLD = (Purchase.Status.PENDING, Purchase.Status.CONFIRMED, Purchase.Status.ACTIVE)
PAID = (Purchase.Status.CONFIRMED, Purchase.Status.ACTIVE, Purchase.Status.EXPIRED)


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


def offer_transition(*, actor, offer: Offer, to: str, reason: str = "", data=None) -> Offer:
    with transaction.atomic():
        offer = Offer.objects.select_for_update().get(pk=offer.pk)
        if to not in Offer.ALLOWED_TRANSITIONS[offer.status]:
            raise Conflict(
                _("The offer cannot go from %(old)s to %(new)s.")
                % {"old": offer.get_status_display(), "new": Offer.Status(to).label},
                code="invalid_transition",
            )
        old = offer.status
        offer.status = to
        offer.save(update_fields=["status"])
        audit_record(
            actor=actor,
            action=f"presale.offer.{to}",
            obj=offer,
            old_state=old,
            new_state=to,
            reason=reason,
            data=data,
        )
        return offer


def offer_publish(*, actor, offer: Offer) -> Offer:
    return offer_transition(actor=actor, offer=offer, to=Offer.Status.OPEN)


def offer_paid_total(offer: Offer) -> Decimal:
    return money_sum(Purchase.objects.filter(offer=offer, status__in=PAID), "amount")


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


def _tier_for(offer: Offer, unit_hours: int) -> PriceTier | None:
    for tier in offer.tiers.order_by("order"):
        if tier.unit_hours is None or _sold_unit_hours(offer, tier=tier) + unit_hours <= (
            tier.unit_hours
        ):
            return tier
    return None


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
    buyer: Organisation,
    kind: str,
    unit_hours: int = 0,
    share_class: ShareClass | None = None,
    shares: int = 0,
) -> Purchase:
    """Order hours or subscribe shares; the buyer gets a payment reference."""
    if not buyer.iban:
        raise DomainError(
            _("Your organisation needs an IBAN on file (for refunds) before it can buy."),
            code="iban_missing",
        )
    with transaction.atomic():
        offer = Offer.objects.select_for_update().get(pk=offer.pk)
        if not offer_is_selling(offer):
            raise Conflict(_("This pre-sale is not open for orders."), code="not_selling")
        tier = None
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
            tier = _tier_for(offer, unit_hours)
            price = tier.price if tier else offer.regular_price
            amount = round_money(price * unit_hours / offer.partitions)
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
        else:
            raise DomainError(_("Unknown kind of purchase."), code="invalid_kind")
        purchase = Purchase.objects.create(
            offer=offer,
            buyer=buyer,
            created_by=actor if getattr(actor, "pk", None) else None,
            kind=kind,
            unit_hours=unit_hours,
            tier=tier,
            share_class=share_class,
            shares=shares,
            amount=amount,
            reference=_new_reference(),
        )
        audit_record(
            actor=actor,
            action="presale.purchase.create",
            obj=purchase,
            new_state=purchase.status,
            data={"kind": kind, "unit_hours": unit_hours, "shares": shares, "amount": str(amount)},
        )
        return purchase


def _purchase_set_status(*, actor, purchase: Purchase, to: str, reason="", data=None, **fields):
    """The one place a purchase's status changes (the caller holds the lock)."""
    if to not in Purchase.ALLOWED_TRANSITIONS[purchase.status]:
        raise Conflict(
            _("The purchase cannot go from %(old)s to %(new)s.")
            % {"old": purchase.get_status_display(), "new": Purchase.Status(to).label},
            code="invalid_transition",
        )
    old = purchase.status
    purchase.status = to
    for name, value in fields.items():
        setattr(purchase, name, value)
    purchase.save(update_fields=["status", *fields])
    audit_record(
        actor=actor,
        action=f"presale.purchase.{to}",
        obj=purchase,
        old_state=old,
        new_state=to,
        reason=reason,
        data=data,
    )
    return purchase


def purchase_cancel(*, actor, purchase: Purchase, reason: str = "") -> Purchase:
    with transaction.atomic():
        purchase = Purchase.objects.select_for_update().get(pk=purchase.pk)
        return _purchase_set_status(
            actor=actor, purchase=purchase, to=Purchase.Status.CANCELLED, reason=reason
        )


def _voucher_code() -> str:
    token = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))
    return f"KIP-{token[:4]}-{token[4:]}"


def _activate(*, actor, purchase: Purchase) -> Purchase:
    """Target reached: a paid hours purchase becomes a voucher for cluster-hours."""
    if purchase.kind != Purchase.Kind.HOURS:
        return purchase
    return _purchase_set_status(
        actor=actor,
        purchase=purchase,
        to=Purchase.Status.ACTIVE,
        voucher_code=_voucher_code(),
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
        _purchase_set_status(
            actor=actor,
            purchase=purchase,
            to=Purchase.Status.CONFIRMED,
            data={"sequence": sequence, "source": source, "bank_reference": bank_reference},
            sequence=sequence,
            confirmed_at=timezone.now(),
        )
        if purchase.kind == Purchase.Kind.SHARES:
            _register_shares(purchase)
        if offer.status == Offer.Status.FUNDED:
            _activate(actor=actor, purchase=purchase)
        elif offer_paid_total(offer) >= offer.funding_target:
            _funded(actor=actor, offer=offer)
        purchase.refresh_from_db()
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
    offer_transition(
        actor=actor,
        offer=offer,
        to=Offer.Status.FUNDED,
        data={"paid": str(offer_paid_total(offer))},
    )
    for purchase in Purchase.objects.select_for_update().filter(
        offer=offer, status=Purchase.Status.CONFIRMED, kind=Purchase.Kind.HOURS
    ):
        _activate(actor=actor, purchase=purchase)


def offer_evaluate(*, actor, offer: Offer, now: datetime | None = None) -> Offer:
    """After the deadline: the target was reached (vouchers) or missed (refunds)."""
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
    """Target missed: open orders are cancelled, every paid purchase is refunded in full."""
    offer_transition(
        actor=actor,
        offer=offer,
        to=Offer.Status.FAILED,
        reason="funding target missed",
        data={"paid": str(offer_paid_total(offer)), "target": str(offer.funding_target)},
    )
    purchases = Purchase.objects.select_for_update().filter(offer=offer).order_by("pk")
    for purchase in purchases:
        if purchase.status == Purchase.Status.PENDING:
            _purchase_set_status(
                actor=actor,
                purchase=purchase,
                to=Purchase.Status.CANCELLED,
                reason="funding target missed",
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
            _purchase_set_status(
                actor=actor,
                purchase=purchase,
                to=Purchase.Status.REFUNDED,
                reason="funding target missed",
                data={"payout": payout.end_to_end_id},
            )
            ShareRegisterEntry.objects.filter(purchase=purchase).update(cancelled_at=timezone.now())


def offers_evaluate_due(*, actor, now: datetime | None = None) -> list[Offer]:
    now = now or timezone.now()
    due = Offer.objects.filter(status=Offer.Status.OPEN, deadline__lte=now).order_by("pk")
    return [offer_evaluate(actor=actor, offer=offer, now=now) for offer in due]


# --- redemption and expiry ------------------------------------------------
def _redeemed_unit_hours(purchase: Purchase) -> int:
    return sum(
        s.hours
        for s in Slot.objects.filter(purchase=purchase, status=Slot.Status.USED).only(
            "start", "end"
        )
    )


def _recognised(purchase: Purchase, unit_hours: int) -> Decimal:
    """Deferred revenue recognised for the first `unit_hours`; cumulative rounding
    makes the parts add up to the purchase amount exactly."""
    return round_money(purchase.amount * unit_hours / purchase.unit_hours)


def purchase_redeem(*, actor, purchase: Purchase, slot: Slot) -> Decimal:
    """A used slot reduces the liability: deferred -> revenue for its hours."""
    after = _redeemed_unit_hours(purchase)
    before = after - slot.hours
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
    return amount


def purchase_expire(*, actor, purchase: Purchase) -> Purchase:
    """Validity over: the unused rest of the deferred revenue is accounted as expired."""
    with transaction.atomic():
        purchase = Purchase.objects.select_for_update().get(pk=purchase.pk)
        used = _redeemed_unit_hours(purchase)
        rest = purchase.amount - _recognised(purchase, used)
        Slot.objects.filter(
            purchase=purchase, status__in=[Slot.Status.PROPOSED, Slot.Status.CONFIRMED]
        ).update(status=Slot.Status.RELEASED)
        if rest > 0:
            transfer_create(
                key=f"presale:purchase:{purchase.pk}:expire",
                source=deferred_account(purchase.offer),
                destination=breakage_account(purchase.offer),
                amount=rest,
                kind="presale_expire",
                memo=purchase.reference,
            )
        return _purchase_set_status(
            actor=actor,
            purchase=purchase,
            to=Purchase.Status.EXPIRED,
            data={"unused_unit_hours": purchase.unit_hours - used, "expired_amount": str(rest)},
        )


def offer_expire_hours(*, actor, offer: Offer, today=None) -> int:
    today = today or timezone.localdate()
    if not offer.hours_valid_until or today <= offer.hours_valid_until:
        return 0
    purchases = Purchase.objects.filter(offer=offer, status=Purchase.Status.ACTIVE).order_by("pk")
    count = 0
    for purchase in purchases:
        purchase_expire(actor=actor, purchase=purchase)
        count += 1
    return count
