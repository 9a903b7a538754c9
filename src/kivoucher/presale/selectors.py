"""Reads of line III, with object-level access (foreign objects are 404)."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.db.models import Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from kivoucher.core.errors import NotFound
from kivoucher.core.money import ZERO
from kivoucher.core.roles import Role
from kivoucher.ledger.selectors import money_sum
from kivoucher.organizations.selectors import member_organisation_ids
from kivoucher.presale.exports import feed_id
from kivoucher.presale.models import (
    CalendarFeed,
    HoursTransfer,
    KycDossier,
    Offer,
    Purchase,
    PurchasePricePart,
    Slot,
    SlotRequest,
)
from kivoucher.presale.pricing import Quote, TierLeft, price_split

PAID = (Purchase.Status.CONFIRMED, Purchase.Status.ACTIVE, Purchase.Status.EXPIRED)


def offer_paid_total(offer: Offer) -> Decimal:
    return money_sum(Purchase.objects.filter(offer=offer, status__in=PAID), "amount")


def offer_tiers_left(offer: Offer) -> list[TierLeft]:
    """The offer's discount tiers in order, each with the unit-hours it has left (its
    hours minus those in orders that hold hours). Two queries."""
    sold = dict(
        PurchasePricePart.objects.filter(
            purchase__offer=offer, purchase__status__in=Purchase.SOLD, tier__isnull=False
        )
        .values("tier")
        .annotate(s=Sum("unit_hours"))
        .values_list("tier", "s")
    )
    return [
        TierLeft(
            tier.pk,
            tier.price,
            None if tier.unit_hours is None else max(tier.unit_hours - sold.get(tier.pk, 0), 0),
            tier.label,
        )
        for tier in offer.tiers.order_by("order", "pk")
    ]


def offer_price_quote(offer: Offer, unit_hours: int) -> Quote:
    """What `unit_hours` cost now (for an order, read under the offer's lock)."""
    return price_split(
        unit_hours=unit_hours,
        tiers=offer_tiers_left(offer),
        regular_price=offer.regular_price,
        partitions=offer.partitions,
    )


def payment_instructions(purchase: Purchase) -> dict:
    """Where and how the buyer pays: the operating company's account and the reference."""
    operator = purchase.offer.operator
    return {
        "recipient": operator.account_holder or operator.name,
        "iban": operator.iban,
        "bic": operator.bic,
        "amount": str(purchase.amount),
        "currency": "EUR",
        "reference": purchase.reference,
    }


def offers_public() -> QuerySet[Offer]:
    return Offer.objects.exclude(status=Offer.Status.DRAFT).select_related("operator")


def offer_get_public(*, code: str) -> Offer:
    offer = offers_public().filter(code=code).first()
    if offer is None:
        raise NotFound(_("Pre-sale not found."))
    return offer


def offer_get_for_staff(*, user, code: str) -> Offer:
    """The order book and schedule: programme staff, and the people of the operating
    company for its own offers (they read and export; staff act)."""
    offer = Offer.objects.filter(code=code).first() if user.is_authenticated else None
    if offer is None or not (
        user.sees_everything or user.memberships.filter(organisation_id=offer.operator_id).exists()
    ):
        raise NotFound(_("Pre-sale not found."))
    return offer


def purchases_for_user(*, user) -> QuerySet[Purchase]:
    qs = Purchase.objects.select_related(
        "offer", "offer__operator", "buyer", "tier", "share_class", "kiis"
    ).prefetch_related("price_parts__tier")
    if user.sees_everything:
        return qs
    return qs.filter(buyer_id__in=member_organisation_ids(user=user))


def purchase_get_for_user(*, user, pk: int) -> Purchase:
    purchase = purchases_for_user(user=user).filter(pk=pk).first()
    if purchase is None:
        raise NotFound(_("Purchase not found."))
    return purchase


def requests_for_user(*, user) -> QuerySet[SlotRequest]:
    qs = SlotRequest.objects.select_related("purchase", "purchase__offer", "purchase__buyer")
    if user.sees_everything:
        return qs
    return qs.filter(purchase__buyer_id__in=member_organisation_ids(user=user))


def request_get_for_user(*, user, pk: int) -> SlotRequest:
    request = requests_for_user(user=user).filter(pk=pk).first()
    if request is None:
        raise NotFound(_("Slot request not found."))
    return request


def slots_for_user(*, user) -> QuerySet[Slot]:
    qs = Slot.objects.select_related("offer", "purchase", "purchase__buyer").filter(
        status__in=Slot.ACTIVE
    )
    if user.sees_everything:
        return qs
    return qs.filter(purchase__buyer_id__in=member_organisation_ids(user=user))


def slot_get_for_user(*, user, pk: int) -> Slot:
    slot = (
        Slot.objects.select_related("offer", "purchase")
        .filter(pk=pk, purchase__in=purchases_for_user(user=user))
        .first()
    )
    if slot is None:
        raise NotFound(_("Slot not found."))
    return slot


def calendar_feed_from_token(token: str) -> CalendarFeed | None:
    """The feed a URL's token was made for, live or not (None: no feed of ours)."""
    pk = feed_id(token)
    return CalendarFeed.objects.filter(pk=pk).first() if pk is not None else None


def slots_of_organisation(*, organisation_id: int) -> QuerySet[Slot]:
    return Slot.objects.select_related("offer", "purchase").filter(
        purchase__buyer_id=organisation_id, status__in=Slot.ACTIVE
    )


def request_explanation(request: SlotRequest) -> str:
    """The holder's answer to "why did I get this slot?"."""
    e = request.explanation or {}
    if not e:
        return _("Not allocated yet.")
    offer = request.purchase.offer
    number = e.get("sequence")
    parts = [_("You were number %(n)s in the order of sale.") % {"n": number}]
    if e.get("first_hour") is not None:
        first = timezone.localtime(offer.operation_start + timedelta(hours=e["first_hour"]))
        when = first.strftime("%d.%m.%Y %H:%M")
        if e.get("taken_by"):
            parts.append(
                _("Slots before %(when)s in your window were taken by numbers %(numbers)s.")
                % {"when": when, "numbers": e["taken_by"]}
            )
        elif first > request.earliest_start:
            text = _("You got the earliest free hours of your window (%(when)s).")
            parts.append(text % {"when": when})
        else:
            text = _("You got the earliest hours of your window (%(when)s).")
            parts.append(text % {"when": when})
    elif e.get("reason") == "no_hours_left":
        parts.append(_("Your purchase has no hours left for this request."))
    else:
        if e.get("taken_by"):
            parts.append(
                _("Your window was taken by numbers %(numbers)s.") % {"numbers": e["taken_by"]}
            )
        parts.append(_("No block of the requested length was free in your window."))
    if e.get("maintenance"):
        parts.append(_("Maintenance windows also fall into this period."))
    if e.get("status") == "partial":
        parts.append(
            _("Only %(got)s of %(asked)s hours could be allocated.")
            % {"got": e.get("hours"), "asked": request.block_hours}
        )
    return " ".join(parts)


@dataclass
class Progress:
    paid: Decimal
    target: Decimal
    percent: int
    days_left: int
    buyers: int
    purchases: int
    unit_hours_sold: int
    series: list[tuple[date, Decimal]]

    @property
    def reached(self) -> bool:
        return self.paid >= self.target


def offer_progress(offer: Offer, *, now: datetime | None = None) -> Progress:
    now = now or timezone.now()
    paid_rows = list(
        Purchase.objects.filter(offer=offer, status__in=PAID)
        .order_by("confirmed_at")
        .values_list("confirmed_at", "amount", "buyer_id", "unit_hours")
    )
    refunded = Purchase.objects.filter(offer=offer, status=Purchase.Status.REFUNDED).exists()
    paid = offer_paid_total(offer)
    if refunded and not paid_rows:
        paid_rows = list(
            Purchase.objects.filter(offer=offer, status=Purchase.Status.REFUNDED)
            .order_by("confirmed_at")
            .values_list("confirmed_at", "amount", "buyer_id", "unit_hours")
        )
        paid = sum((r[1] for r in paid_rows), ZERO)
    by_day: dict[date, Decimal] = {}
    for confirmed_at, amount, _buyer, _hours in paid_rows:
        day = timezone.localdate(confirmed_at)
        by_day[day] = by_day.get(day, ZERO) + amount
    series, total = [], ZERO
    for day in sorted(by_day):
        total += by_day[day]
        series.append((day, total))
    seconds_left = (offer.deadline - now).total_seconds()
    return Progress(
        paid=paid,
        target=offer.funding_target,
        percent=int(paid * 100 / offer.funding_target) if offer.funding_target else 0,
        days_left=max(0, int(-(-seconds_left // 86400))),
        buyers=len({r[2] for r in paid_rows}),
        purchases=len(paid_rows),
        unit_hours_sold=sum(r[3] for r in paid_rows),
        series=series,
    )


def svg_number(value) -> str:
    """A number for an SVG attribute: C notation (decimal point, no grouping) in every
    language; Django would write `38,2` in German, which SVG reads as two numbers."""
    return format(round(float(value), 1), ".1f").removesuffix(".0")


def progress_chart(offer: Offer, progress: Progress, *, width=640, height=260) -> dict:
    """Coordinates for a server-rendered SVG: cumulative payments against the target.
    Every coordinate is a string in C notation (`svg_number`), safe in any language."""
    left, right, top, bottom = 70, 20, 20, 40
    start = timezone.localdate(offer.opens_at)
    end = timezone.localdate(offer.deadline)
    span = max((end - start).days, 1)
    top_value = max(progress.target, progress.paid) * Decimal("1.1") or Decimal(1)

    def x(day: date) -> float:
        offset = min(max((day - start).days, 0), span)
        return round(left + (width - left - right) * offset / span, 1)

    def y(value: Decimal) -> float:
        return round(height - bottom - float(value / top_value) * (height - top - bottom), 1)

    points = [(x(start), y(ZERO))]
    for day, total in progress.series:
        points.append((x(day), points[-1][1]))
        points.append((x(day), y(total)))
    today = min(timezone.localdate(), end)
    points.append((x(max(today, start)), points[-1][1]))
    n = svg_number
    return {
        "width": n(width),
        "height": n(height),
        "left": n(left),
        "right": n(width - right),
        "baseline": n(height - bottom),
        "top": n(top),
        "points": " ".join(f"{n(px)},{n(py)}" for px, py in points),
        "target_y": n(y(progress.target)),
        "start_label": start,
        "end_label": end,
        "today_x": n(x(today)),
    }


def purchase_refund(purchase: Purchase):
    """The SEPA payout refunding a purchase (None if there is none)."""
    from kivoucher.payments.models import Payout

    return Payout.objects.filter(origin=f"presale:purchase:{purchase.pk}").first()


def _midnight(day: date, plus_days: int = 0) -> datetime:
    """The local midnight that starts `day` (+ days)."""
    naive = datetime.combine(day + timedelta(days=plus_days), datetime.min.time())
    return timezone.make_aware(naive)


@dataclass
class CalendarEntry:
    slot: Slot
    start: str
    end: str


@dataclass
class CalendarDay:
    day: date
    in_month: bool
    slots: list


def slot_calendar(slots, *, month: date | None = None) -> dict:
    """A month grid (weeks of Monday to Sunday) with the slots starting on each day.

    Without `month`, the month of the first slot (or the current month)."""
    slots = list(slots)
    if month is None:
        month = timezone.localdate(slots[0].start) if slots else timezone.localdate()
    first = month.replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    by_day: dict[date, list] = {}
    for slot in slots:
        # a slot over midnight shows on every day it covers, with that day's part
        start, end = timezone.localtime(slot.start), timezone.localtime(slot.end)
        day = start.date()
        while _midnight(day) < end:
            part_from, part_to = max(start, _midnight(day)), min(end, _midnight(day, 1))
            shown_to = "24:00" if part_to == _midnight(day, 1) else part_to.strftime("%H:%M")
            entry = CalendarEntry(slot, part_from.strftime("%H:%M"), shown_to)
            by_day.setdefault(day, []).append(entry)
            day += timedelta(days=1)
    cursor = first - timedelta(days=first.weekday())
    weeks = []
    while cursor < following:
        week = []
        for _weekday in range(7):
            week.append(CalendarDay(cursor, cursor.month == first.month, by_day.get(cursor, [])))
            cursor += timedelta(days=1)
        weeks.append(week)
    return {
        "month": first,
        "weeks": weeks,
        "previous": (first - timedelta(days=1)).replace(day=1),
        "next": following,
    }


# --- investors, KYC and transfers (presale/investors.py, kyc.py, transfers.py) --------
def share_class_get_public(*, offer: Offer, code: str):
    share_class = offer.share_classes.filter(code=code).first()
    if share_class is None:
        raise NotFound(_("Share class not found."))
    return share_class


def kyc_dossiers_for_staff(*, user) -> QuerySet[KycDossier]:
    if not getattr(user, "sees_everything", False):
        return KycDossier.objects.none()
    return KycDossier.objects.select_related("organisation", "checked_by").prefetch_related(
        "persons"
    )


def kyc_dossier_get_for_staff(*, user, pk: int) -> KycDossier:
    dossier = kyc_dossiers_for_staff(user=user).filter(pk=pk).first()
    if dossier is None:
        raise NotFound(_("KYC dossier not found."))
    return dossier


def transfers_for_user(*, user) -> QuerySet[HoursTransfer]:
    """Staff see every transfer; a buyer's people its own (offered or taken over) and
    the open offers of other buyers (which they may take over)."""
    qs = HoursTransfer.objects.select_related(
        "purchase", "purchase__offer", "seller", "buyer", "result"
    )
    if getattr(user, "sees_everything", False):
        return qs
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    own = member_organisation_ids(user=user)
    mine = Q(seller_id__in=own) | Q(buyer_id__in=own)
    if getattr(user, "role", None) == Role.BUYER:
        mine |= Q(status=HoursTransfer.Status.OFFERED)
    return qs.filter(mine)


def transfer_get_for_user(*, user, pk: int) -> HoursTransfer:
    transfer = transfers_for_user(user=user).filter(pk=pk).first()
    if transfer is None:
        raise NotFound(_("Transfer not found."))
    return transfer


def purchase_handed_back(purchase: Purchase):
    """The ledger transfer of hours handed back to line II (None if there is none)."""
    from kivoucher.ledger.models import Transfer

    return Transfer.objects.filter(key=f"presale:purchase:{purchase.pk}:hand-back").first()


def buyer_organisation_get_for_staff(*, user, pk: int):
    """An organisation as an investor, for staff (others: 404)."""
    from kivoucher.organizations.models import Organisation

    organisation = (
        Organisation.objects.filter(pk=pk).first()
        if getattr(user, "sees_everything", False)
        else None
    )
    if organisation is None:
        raise NotFound(_("Organisation not found."))
    return organisation
