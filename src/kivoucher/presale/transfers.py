"""Unused pre-sold hours passed on: from one buyer to another, and back into line II.

Between buyers. A buyer offers unit-hours of an active purchase that it has neither
used, booked nor asked for, at a price; another buyer accepts. Both confirmations
are on the platform; the price is what they agreed and they settle it between
themselves, outside the platform: the platform records it, it books nothing (the
operating company's liability for the hours is unchanged, only its holder). The
hours taken over become a purchase of the new holder that keeps the original's
number in the order of sale (`sequence`, with `transferred_from`), so allocation in
the order of sale (`presale/allocation.py`) treats them as before. Their share of
the original amount goes with them, so that using them later recognises the same
revenue (the original's revenue already recognised is unchanged to the cent). The
new holder must have passed the KYC check (a new business relationship).

Back into line II. Hours still unused when their validity ended (they would be
booked as expired) can instead be handed back by staff to the budget of a line II
call (compute vouchers) at the pre-sale price: their unrecognised deferred revenue
moves from the offer's deferred-revenue account to the call's budget account, and
the purchase ends as expired (audited, with the call).
"""

from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kivoucher.core.audit import audit_record
from kivoucher.core.errors import Conflict, DomainError, NotFound, PermissionDenied
from kivoucher.core.money import round_money
from kivoucher.core.registry import contributions_notify
from kivoucher.core.roles import Role
from kivoucher.core.workflow import transition
from kivoucher.ledger.services import transfer_create
from kivoucher.organizations.models import Organisation
from kivoucher.presale.models import HoursTransfer, Offer, Purchase, Slot
from kivoucher.programmes.figures import HANDED_BACK
from kivoucher.programmes.models import Call, Line

CENT = Decimal("0.01")


def member_buyer_check(actor, organisation: Organisation | None) -> Organisation:
    from kivoucher.presale.services import _is_member

    if (
        organisation is None
        or getattr(actor, "role", None) != Role.BUYER
        or not _is_member(actor, organisation.pk)
    ):
        raise PermissionDenied(_("Only buyers acting for their organisation can do this."))
    return organisation


def _recognised(amount: Decimal, unit_hours: int, used: int) -> Decimal:
    return round_money(amount * used / unit_hours) if unit_hours else Decimal("0")


def split_amount(amount: Decimal, unit_hours: int, used: int, moved: int) -> Decimal:
    """The share of `amount` that goes with `moved` of `unit_hours` (of which `used`
    are used): pro rata, nudged by cents if needed so that the revenue recognised for
    the used hours stays the same for the part that remains."""
    base = round_money(amount * moved / unit_hours)
    before = _recognised(amount, unit_hours, used)
    for cents in range(0, 101):
        for sign in (1, -1):
            moved_amount = base + sign * cents * CENT
            if not CENT <= moved_amount < amount:
                continue
            if _recognised(amount - moved_amount, unit_hours - moved, used) == before:
                return moved_amount
    raise Conflict(_("These hours cannot be split off exactly."), code="split_impossible")


def transfer_offer(*, actor, purchase: Purchase, unit_hours: int, price: Decimal) -> HoursTransfer:
    """The holder offers unused unit-hours of an active purchase at a price (EUR)."""
    from kivoucher.presale.scheduling import purchase_unit_hours_left
    from kivoucher.presale.services import holder_act_check

    holder_act_check(actor, buyer_id=purchase.buyer_id, not_found=_("Purchase not found."))
    member_buyer_check(actor, purchase.buyer)
    try:
        price = round_money(Decimal(str(price)))
    except Exception as exc:
        raise DomainError(_("The price is not an amount."), code="invalid") from exc
    if price < 0:
        raise DomainError(_("The price cannot be negative."), code="invalid")
    unit_hours = int(unit_hours)
    with transaction.atomic():
        purchase = Purchase.objects.select_for_update().get(pk=purchase.pk)
        if purchase.kind != Purchase.Kind.HOURS or purchase.status != Purchase.Status.ACTIVE:
            raise Conflict(
                _("Only hours of an active voucher can be passed on."), code="not_active"
            )
        offered = sum(
            purchase.transfers.filter(status=HoursTransfer.Status.OFFERED).values_list(
                "unit_hours", flat=True
            )
        )
        left = purchase_unit_hours_left(purchase) - offered
        if unit_hours < 1 or unit_hours > left:
            raise DomainError(
                _("You can pass on 1 to %(n)s unit-hours of this purchase.") % {"n": max(left, 0)},
                code="too_many_hours",
            )
        transfer = HoursTransfer.objects.create(
            purchase=purchase,
            seller_id=purchase.buyer_id,
            unit_hours=unit_hours,
            price=price,
            created_by=actor,
        )
        audit_record(
            actor=actor,
            action="presale.transfer.offer",
            obj=transfer,
            new_state=transfer.status,
            data={"purchase": purchase.pk, "unit_hours": unit_hours, "price": str(price)},
        )
        return transfer


def transfer_withdraw(*, actor, transfer: HoursTransfer) -> HoursTransfer:
    from kivoucher.presale.services import holder_act_check

    holder_act_check(actor, buyer_id=transfer.seller_id, not_found=_("Transfer not found."))
    return transition(transfer, HoursTransfer.Status.WITHDRAWN, actor=actor)


def transfer_accept(*, actor, transfer: HoursTransfer, buyer: Organisation | None) -> HoursTransfer:
    """Another buyer takes the hours over at the agreed price: they become its purchase
    with the original's number in the order of sale."""
    from kivoucher.presale.kyc import kyc_approved, kyc_outstanding_error
    from kivoucher.presale.scheduling import purchase_unit_hours_left
    from kivoucher.presale.services import _redeemed_unit_hours

    member_buyer_check(actor, buyer)
    if buyer.pk == transfer.seller_id:
        raise Conflict(_("You cannot take over your own hours."), code="own_transfer")
    if not kyc_approved(buyer.pk):
        raise kyc_outstanding_error()
    with transaction.atomic():
        Offer.objects.select_for_update().get(pk=transfer.purchase.offer_id)
        original = Purchase.objects.select_for_update().get(pk=transfer.purchase_id)
        transfer = HoursTransfer.objects.select_for_update().get(pk=transfer.pk)
        if transfer.status != HoursTransfer.Status.OFFERED:
            raise Conflict(_("This offer of hours is no longer open."), code="not_offered")
        if original.status != Purchase.Status.ACTIVE:
            raise Conflict(_("These hours can no longer be passed on."), code="not_active")
        moved = transfer.unit_hours
        if moved > purchase_unit_hours_left(original):
            raise Conflict(_("The seller no longer has these hours."), code="too_many_hours")
        used = _redeemed_unit_hours(original)
        if moved == original.unit_hours:
            # every hour of it: the purchase itself changes hands
            Purchase.objects.filter(pk=original.pk).update(buyer=buyer)
            result = Purchase.objects.get(pk=original.pk)
        else:
            moved_amount = split_amount(original.amount, original.unit_hours, used, moved)
            Purchase.objects.filter(pk=original.pk).update(
                unit_hours=original.unit_hours - moved, amount=original.amount - moved_amount
            )
            from kivoucher.presale.services import _new_reference, _voucher_code

            result = Purchase.objects.create(
                offer_id=original.offer_id,
                buyer=buyer,
                created_by=actor,
                kind=Purchase.Kind.HOURS,
                status=Purchase.Status.ACTIVE,
                reference=_new_reference(),
                unit_hours=moved,
                amount=moved_amount,
                sequence=original.sequence,
                voucher_code=_voucher_code(),
                confirmed_at=original.confirmed_at,
                transferred_from=original,
            )
        transfer = transition(
            transfer,
            HoursTransfer.Status.ACCEPTED,
            actor=actor,
            data={
                "buyer": buyer.pk,
                "result": result.pk,
                "sequence": original.sequence,
                "unit_hours": moved,
                "price": str(transfer.price),
            },
            fields={
                "buyer": buyer,
                "accepted_by": actor,
                "accepted_at": timezone.now(),
                "result": result,
            },
            locked=True,
        )
        audit_record(
            actor=actor,
            action="presale.purchase.transfer_in",
            obj=result,
            new_state=result.status,
            data={"from": original.pk, "unit_hours": moved, "amount": str(result.amount)},
        )
        return transfer


# --- back into line II ----------------------------------------------------------
def line2_calls():
    return Call.objects.filter(programme__line=Line.COMPUTE).order_by("-opens_at", "pk")


def purchase_hand_back(*, actor, purchase: Purchase, call: Call, today=None) -> Purchase:
    """Unused hours whose validity ended go to a line II call's budget at the pre-sale
    price (instead of being booked as expired): deferred revenue -> call budget."""
    from kivoucher.presale.services import (
        _recognised as purchase_recognised,
    )
    from kivoucher.presale.services import (
        _redeemed_unit_hours,
        deferred_account,
        slots_move,
        staff_act_check,
    )
    from kivoucher.programmes.services import call_budget_account

    staff_act_check(actor)
    if call is None or call.programme.line != Line.COMPUTE:
        raise NotFound(_("Line II call not found."))
    today = today or timezone.localdate()
    with transaction.atomic():
        purchase = Purchase.objects.select_for_update().get(pk=purchase.pk)
        offer = purchase.offer
        if purchase.kind != Purchase.Kind.HOURS or purchase.status != Purchase.Status.ACTIVE:
            raise Conflict(
                _("Only hours of an active voucher can be handed back."), code="not_active"
            )
        if not offer.hours_valid_until or today <= offer.hours_valid_until:
            raise Conflict(
                _(
                    "The hours are still valid; "
                    "they can be handed back once their validity has ended."
                ),
                code="still_valid",
            )
        used = _redeemed_unit_hours(purchase)
        rest = purchase.amount - purchase_recognised(purchase, used)
        slots_move(Slot.objects.filter(purchase=purchase), Slot.Status.RELEASED)
        if rest > 0:
            transfer_create(
                key=f"presale:purchase:{purchase.pk}:hand-back",
                source=deferred_account(offer),
                destination=call_budget_account(call),
                amount=rest,
                kind=HANDED_BACK,
                memo=f"{purchase.reference} -> {call.name}",
            )
        purchase = transition(
            purchase,
            Purchase.Status.EXPIRED,
            actor=actor,
            reason="handed back to line II",
            data={
                "unused_unit_hours": purchase.unit_hours - used,
                "handed_back_amount": str(rest),
                "call": call.pk,
            },
            locked=True,
        )
        # for the apps that follow expiry (invoicing: the final invoice), as purchase_expire
        contributions_notify(
            "presale_events",
            "purchase_expired",
            actor=actor,
            purchase=purchase,
            used_unit_hours=used,
        )
        return purchase
