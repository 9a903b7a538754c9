"""Line III API: public offers and progress; buyers order, request and confirm slots;
staff confirm payments (also from camt.053), evaluate, commission and allocate."""

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Literal

from django.conf import settings
from django.db.models import Prefetch
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from ninja import Field, File, Query, Router, Schema, Status
from ninja.files import UploadedFile
from pydantic import AfterValidator, model_validator

from kivoucher.core.api_errors import api_errors
from kivoucher.core.errors import DomainError, NotFound, PermissionDenied
from kivoucher.core.roles import Role
from kivoucher.organizations.models import Organisation
from kivoucher.organizations.selectors import member_organisation_ids, organisation_of_user
from kivoucher.presale import investors, kyc, scheduling, services, transfers
from kivoucher.presale.camt import bank_statement_import
from kivoucher.presale.exports import (
    RESERVED_STATUSES,
    feed_token,
    reservations_of_operator,
    slurm_reservations,
)
from kivoucher.presale.investors import purchase_revocable
from kivoucher.presale.kyc import payment_is_held
from kivoucher.presale.models import Offer, Purchase, Slot
from kivoucher.presale.selectors import (
    buyer_organisation_get_for_staff,
    kyc_dossier_get_for_staff,
    kyc_dossiers_for_staff,
    offer_get_for_staff,
    offer_get_public,
    offer_price_quote,
    offer_progress,
    offers_public,
    payment_instructions,
    purchase_get_for_user,
    purchases_for_user,
    request_explanation,
    request_get_for_user,
    requests_for_user,
    share_class_get_public,
    slot_get_for_user,
    slots_for_user,
    transfer_get_for_user,
    transfers_for_user,
)
from kivoucher.programmes.models import Programme

router = Router()

# What an operation can answer besides its result: a signed-in person's step on an
# object (401 not signed in, 403 may see but not do, 404 may not see, 409 state,
# 400 a rule of the programme, 422 malformed input).
STAFF_ERRORS = api_errors(400, 401, 403, 404, 409, 422)
READ_ERRORS = api_errors(401, 404)


class Input(Schema):
    model_config = {"extra": "forbid"}


class TierOut(Schema):
    label: str
    price: Decimal
    unit_hours: int | None


class ShareClassOut(Schema):
    code: str
    name: str
    nominal_value: Decimal
    issue_price: Decimal
    min_shares: int
    shares_offered: int


class ProgressOut(Schema):
    paid: Decimal
    target: Decimal
    percent: int
    days_left: int
    buyers: int
    purchases: int
    unit_hours_sold: int


class OfferOut(Schema):
    code: str
    title: str
    status: str
    operator: str
    partitions: int
    regular_price: Decimal
    funding_target: Decimal
    opens_at: datetime
    deadline: datetime
    unit_hours_for_sale: int
    operation_start: datetime | None
    calendar_end: datetime | None
    tiers: list[TierOut]
    share_classes: list[ShareClassOut]
    progress: ProgressOut


class PurchaseIn(Input):
    kind: str = Field(max_length=20)
    unit_hours: int = 0
    share_class: str | None = Field(None, max_length=200)
    shares: int = 0
    risk_warning_confirmed: bool = Field(
        False,
        description="Shares, non-sophisticated investors: above 1,000 EUR or 5 % of the "
        "declared net worth, the risk warning must be confirmed (else 409 "
        "`risk_warning_required`).",
    )


class PricePartOut(Schema):
    tier: str | None = Field(description="The tier's label; null: the regular price.")
    unit_hours: int
    price: Decimal = Field(description="EUR per cluster-hour.")


class PurchaseOut(Schema):
    id: int
    offer: str
    buyer: str
    kind: str
    status: str
    reference: str
    unit_hours: int
    shares: int
    amount: Decimal
    sequence: int | None
    voucher_code: str
    payment: dict
    unit_hours_left: int | None
    prices: list[PricePartOut] = Field(
        description="Hours orders: the unit-hours at each price (a discount tier's hours "
        "left at its price, the rest at the next tier's or the regular price)."
    )
    kiis_version: int | None = Field(
        None,
        description="Shares: the version of the key investment information sheet acknowledged.",
    )
    kiis_acknowledged_at: datetime | None = None
    risk_warning_confirmed_at: datetime | None = None
    reflection_until: datetime | None = Field(
        None, description="Until then the subscription can be revoked without reason."
    )
    revocable: bool = False
    revoked_at: datetime | None = None
    payment_held: bool = Field(
        False,
        description="The payment arrived and waits for the buyer's KYC check (kyc_outstanding).",
    )
    transferred_from: int | None = Field(
        None, description="Hours taken over from this purchase (same number in the order of sale)."
    )


class PriceQuoteOut(Schema):
    unit_hours: int
    amount: Decimal
    prices: list[PricePartOut]


class CalendarFeedOut(Schema):
    url: str = Field(
        description="iCalendar (RFC 5545) subscription URL of the organisation's slots; "
        "anyone with it reads them. After renewal it answers 410."
    )
    language: str = Field(description="Language of the feed's texts.")
    created_at: datetime
    expires_at: datetime | None = Field(description="null: valid until renewed.")
    active: bool = Field(description="false: expired, renew it.")


class CalendarFeedRenewIn(Input):
    valid_days: int | None = Field(
        None, ge=1, le=3650, description="Days the new URL is valid; null: until renewed."
    )
    language: Literal["de", "en"] | None = Field(
        None, description="Language of the feed; default: the request's."
    )


class StatementLineOut(Schema):
    outcome: str = Field(
        description="confirmed, already_confirmed, amount_mismatch, amount_missing, "
        "unknown_reference, wrong_currency, refused, held_kyc (the exact payment is kept "
        "on its purchase until the buyer's KYC check is approved) or debit."
    )
    reference: str | None
    amount: Decimal | None = Field(description="null: a batch transaction without amount.")
    sequence: int | None
    debtor: str
    message: str


class StatementImportOut(Schema):
    message_id: str
    confirmed: int
    lines: list[StatementLineOut]


class ConfirmIn(Input):
    amount: Decimal | None = None


class RequestIn(Input):
    earliest_start: datetime
    latest_end: datetime
    block_hours: int
    width: int = 1
    may_split: bool = False


class SlotOut(Schema):
    id: int
    offer: str
    purchase: str
    sequence: int | None
    partition: int
    start: datetime
    end: datetime
    hours: int
    status: str


class RequestOut(Schema):
    id: int
    purchase: str
    sequence: int | None
    earliest_start: datetime
    latest_end: datetime
    block_hours: int
    width: int
    may_split: bool
    status: str
    explanation: str
    slots: list[SlotOut]


class TierIn(Input):
    label: str = Field(max_length=200)
    price: Decimal
    unit_hours: int | None = None


class ShareClassIn(Input):
    code: str = Field(max_length=200)
    name: str = Field(max_length=200)
    nominal_value: Decimal
    issue_price: Decimal
    min_shares: int = 1
    shares_offered: int


class OfferIn(Input):
    code: str = Field(max_length=200)
    title: str = Field(max_length=200)
    description: str = Field("", max_length=10_000)
    operator_id: int
    programme: str = Field("ki-presale", max_length=200)
    partitions: int = 1
    regular_price: Decimal
    unit_hours_for_sale: int
    min_unit_hours: int = 1
    max_unit_hours_per_buyer: int | None = None
    funding_target: Decimal
    opens_at: datetime
    deadline: datetime
    hours_valid_until: date | None = None
    tiers: list[TierIn] = []
    share_classes: list[ShareClassIn] = []


def _aware(value: datetime) -> datetime:
    """A time without offset is meant in the platform's time zone (Europe/Berlin)."""
    return timezone.make_aware(value) if timezone.is_naive(value) else value


LocalDatetime = Annotated[datetime, AfterValidator(_aware)]


class MaintenanceIn(Input):
    """A period the cluster is not available: `end` after `start`."""

    start: LocalDatetime
    end: LocalDatetime
    reason: str = Field("", max_length=200)

    @model_validator(mode="after")
    def _ordered(self):
        if self.end <= self.start:
            raise ValueError(_("A maintenance window must end after it starts."))
        return self


class CommissionIn(Input):
    operation_start: LocalDatetime
    calendar_end: LocalDatetime
    maintenance: list[MaintenanceIn] = Field(default_factory=list, max_length=1000)

    @model_validator(mode="after")
    def _ordered(self):
        if self.calendar_end <= self.operation_start:
            raise ValueError(_("calendar_end must come after operation_start."))
        return self


class RunOut(Schema):
    id: int
    status: str
    requests: int
    served: int
    partial: int
    unserved: int
    unit_hours: int
    seconds: Decimal


def _offer_out(offer: Offer) -> dict:
    p = offer_progress(offer)
    return {
        **{
            f: getattr(offer, f)
            for f in (
                "code",
                "title",
                "status",
                "partitions",
                "regular_price",
                "funding_target",
                "opens_at",
                "deadline",
                "unit_hours_for_sale",
                "operation_start",
                "calendar_end",
            )
        },
        "operator": offer.operator.name,
        "tiers": list(offer.tiers.all()),
        "share_classes": list(offer.share_classes.all()),
        "progress": {
            "paid": p.paid,
            "target": p.target,
            "percent": p.percent,
            "days_left": p.days_left,
            "buyers": p.buyers,
            "purchases": p.purchases,
            "unit_hours_sold": p.unit_hours_sold,
        },
    }


def _prices_out(parts) -> list[dict]:
    return [
        {
            "tier": part.tier.label if part.tier_id else None,
            "unit_hours": part.unit_hours,
            "price": part.price,
        }
        for part in parts
    ]


def _purchase_out(purchase: Purchase, left_map: dict | None = None) -> dict:
    if left_map is None:
        left_map = scheduling.unit_hours_left_map([purchase])
    left = left_map[purchase.pk] if purchase.kind == Purchase.Kind.HOURS else None
    return {
        **{
            f: getattr(purchase, f)
            for f in (
                "id",
                "kind",
                "status",
                "reference",
                "unit_hours",
                "shares",
                "amount",
                "sequence",
                "voucher_code",
            )
        },
        "offer": purchase.offer.code,
        "buyer": purchase.buyer.name,
        "payment": payment_instructions(purchase),
        "unit_hours_left": left,
        "prices": _prices_out(purchase.price_parts.all()),
        "kiis_version": purchase.kiis.version if purchase.kiis_id else None,
        "kiis_acknowledged_at": purchase.kiis_acknowledged_at,
        "risk_warning_confirmed_at": purchase.risk_warning_confirmed_at,
        "reflection_until": purchase.reflection_until,
        "revocable": purchase_revocable(purchase),
        "revoked_at": purchase.revoked_at,
        "payment_held": payment_is_held(purchase),
        "transferred_from": purchase.transferred_from_id,
    }


def _slot_out(slot: Slot) -> dict:
    return {
        "id": slot.pk,
        "offer": slot.offer.code,
        "purchase": slot.purchase.reference,
        "sequence": slot.purchase.sequence,
        "partition": slot.partition,
        "start": slot.start,
        "end": slot.end,
        "hours": slot.hours,
        "status": slot.status,
    }


def _active_slots(req) -> list:
    if hasattr(req, "active_slots"):  # prefetched for lists
        return req.active_slots
    return list(req.slots.filter(status__in=Slot.ACTIVE).select_related("offer", "purchase"))


def _request_out(req) -> dict:
    return {
        **{
            f: getattr(req, f)
            for f in (
                "id",
                "earliest_start",
                "latest_end",
                "block_hours",
                "width",
                "may_split",
                "status",
            )
        },
        "purchase": req.purchase.reference,
        "sequence": req.purchase.sequence,
        "explanation": request_explanation(req),
        "slots": [_slot_out(s) for s in _active_slots(req)],
    }


# --- public -------------------------------------------------------------------
@router.get("/offers", response=list[OfferOut], auth=None, summary="Published pre-sales")
def list_offers(request):
    return [_offer_out(o) for o in offers_public().prefetch_related("tiers", "share_classes")]


@router.get(
    "/offers/{code}",
    response={200: OfferOut, **api_errors(404)},
    auth=None,
    summary="A pre-sale and its progress",
)
def get_offer(request, code: str):
    return _offer_out(offer_get_public(code=code))


@router.get(
    "/offers/{code}/price",
    response={200: PriceQuoteOut, **api_errors(404, 422)},
    auth=None,
    summary="What an order of hours would cost now",
)
def price_quote(request, code: str, unit_hours: int = Query(..., ge=1, le=10_000_000)):  # noqa: B008
    """The price of `unit_hours` at this moment: discounted hours left of each tier at
    its price, the rest at the regular price. An order placed later may cost more."""
    quote = offer_price_quote(offer_get_public(code=code), unit_hours)
    return {
        "unit_hours": quote.unit_hours,
        "amount": quote.amount,
        "prices": [
            {"tier": p.label if p.tier_id else None, "unit_hours": p.unit_hours, "price": p.price}
            for p in quote.parts
        ],
    }


# --- buyers -------------------------------------------------------------------
def _feed_out(request, feed) -> dict:
    url = reverse("presale:ical", args=[feed_token(feed)])
    return {
        "url": request.build_absolute_uri(url),
        "language": feed.language,
        "created_at": feed.created_at,
        "expires_at": feed.expires_at,
        "active": feed.answers_at(timezone.now()),
    }


def _holder_organisation(request) -> Organisation:
    organisation = organisation_of_user(user=request.user)
    if organisation is None:
        raise PermissionDenied(_("Only the people of a buyer have a calendar feed."))
    return organisation


@router.get(
    "/calendar-feed",
    response={200: CalendarFeedOut, **api_errors(401, 403)},
    summary="The calendar feed URL of the caller's organisation",
)
def calendar_feed(request):
    """The iCalendar URL of the slots of the caller's organisation (made on first use)."""
    feed = services.calendar_feed_get_or_create(
        actor=request.user,
        organisation=_holder_organisation(request),
        language=translation.get_language(),
    )
    return _feed_out(request, feed)


@router.post(
    "/calendar-feed/renew",
    response={200: CalendarFeedOut, **STAFF_ERRORS},
    summary="A new calendar feed URL; the old one answers 410",
)
def calendar_feed_renew(request, payload: CalendarFeedRenewIn):
    feed = services.calendar_feed_renew(
        actor=request.user,
        organisation=_holder_organisation(request),
        valid_days=payload.valid_days,
        language=payload.language or translation.get_language(),
    )
    return _feed_out(request, feed)


@router.post(
    "/offers/{code}/purchases",
    response={201: PurchaseOut, **STAFF_ERRORS},
    summary="Order or subscribe",
)
def create_purchase(request, code: str, payload: PurchaseIn):
    offer = offer_get_public(code=code)
    share_class = None
    if payload.share_class:
        share_class = offer.share_classes.filter(code=payload.share_class).first()
        if share_class is None:
            raise NotFound("Share class not found.")
    purchase = services.purchase_create(
        actor=request.user,
        offer=offer,
        buyer=organisation_of_user(user=request.user),
        kind=payload.kind,
        unit_hours=payload.unit_hours,
        share_class=share_class,
        shares=payload.shares,
        risk_warning_confirmed=payload.risk_warning_confirmed,
    )
    return Status(201, _purchase_out(purchase))


@router.get(
    "/purchases",
    response={200: list[PurchaseOut], **api_errors(401)},
    summary="The caller's purchases",
)
def list_purchases(request):
    qs = list(purchases_for_user(user=request.user).order_by("offer", "sequence", "pk")[:1000])
    left = scheduling.unit_hours_left_map(qs)
    return [_purchase_out(p, left) for p in qs]


@router.get("/purchases/{pk}", response={200: PurchaseOut, **READ_ERRORS})
def get_purchase(request, pk: int):
    return _purchase_out(purchase_get_for_user(user=request.user, pk=pk))


@router.post(
    "/purchases/{pk}/cancel",
    response={200: PurchaseOut, **STAFF_ERRORS},
    summary="Cancel an unpaid order",
)
def cancel_purchase(request, pk: int):
    purchase = purchase_get_for_user(user=request.user, pk=pk)
    return _purchase_out(services.purchase_cancel(actor=request.user, purchase=purchase))


@router.post(
    "/purchases/{pk}/requests",
    response={201: RequestOut, **STAFF_ERRORS},
    summary="Ask for slots",
)
def create_request(request, pk: int, payload: RequestIn):
    purchase = purchase_get_for_user(user=request.user, pk=pk)
    req = scheduling.slot_request_create(actor=request.user, purchase=purchase, **payload.dict())
    return Status(201, _request_out(req))


@router.get("/requests", response={200: list[RequestOut], **api_errors(401)})
def list_requests(request):
    active = Slot.objects.filter(status__in=Slot.ACTIVE).select_related("offer", "purchase")
    qs = requests_for_user(user=request.user).prefetch_related(
        Prefetch("slots", queryset=active, to_attr="active_slots")
    )
    return [_request_out(r) for r in qs[:1000]]


@router.get(
    "/requests/{pk}",
    response={200: RequestOut, **READ_ERRORS},
    summary="A request, its slots and why",
)
def get_request(request, pk: int):
    return _request_out(request_get_for_user(user=request.user, pk=pk))


@router.post(
    "/requests/{pk}/confirm",
    response={200: RequestOut, **STAFF_ERRORS},
    summary="Accept the proposed slots",
)
def confirm_request(request, pk: int):
    req = request_get_for_user(user=request.user, pk=pk)
    return _request_out(scheduling.slot_request_confirm(actor=request.user, request=req))


@router.post("/requests/{pk}/withdraw", response={200: RequestOut, **STAFF_ERRORS})
def withdraw_request(request, pk: int):
    req = request_get_for_user(user=request.user, pk=pk)
    return _request_out(scheduling.slot_request_withdraw(actor=request.user, request=req))


@router.get(
    "/slots",
    response={200: list[SlotOut], **api_errors(401)},
    summary="Booked slots the caller may see",
)
def list_slots(request):
    return [_slot_out(s) for s in slots_for_user(user=request.user).order_by("start")[:5000]]


@router.post(
    "/slots/{pk}/release",
    response={200: SlotOut, **STAFF_ERRORS},
    summary="Give a slot back to the pool",
)
def release_slot(request, pk: int):
    slot = slot_get_for_user(user=request.user, pk=pk)
    return _slot_out(scheduling.slot_release(actor=request.user, slot=slot))


# --- staff --------------------------------------------------------------------
@router.post(
    "/offers", response={201: OfferOut, **STAFF_ERRORS}, summary="Create a pre-sale (draft)"
)
def create_offer(request, payload: OfferIn):
    data = payload.dict()
    programme = Programme.objects.filter(code=data.pop("programme")).first()
    operator = Organisation.objects.filter(pk=data.pop("operator_id")).first()
    if programme is None or operator is None:
        raise NotFound("Programme or operator not found.")
    offer = services.offer_create(
        actor=request.user, programme=programme, operator=operator, **data
    )
    return Status(201, _offer_out(offer))


@router.post(
    "/offers/{code}/publish",
    response={200: OfferOut, **STAFF_ERRORS},
    summary="Open the pre-sale",
)
def publish_offer(request, code: str):
    offer = offer_get_for_staff(user=request.user, code=code)
    return _offer_out(services.offer_publish(actor=request.user, offer=offer))


@router.post(
    "/purchases/{pk}/confirm-payment",
    response={200: PurchaseOut, **STAFF_ERRORS},
    summary="Payment received",
)
def confirm_payment(request, pk: int, payload: ConfirmIn):
    purchase = purchase_get_for_user(user=request.user, pk=pk)
    return _purchase_out(
        services.purchase_confirm_payment(
            actor=request.user, purchase=purchase, amount=payload.amount
        )
    )


@router.post(
    "/bank-statements",
    response={200: StatementImportOut, **STAFF_ERRORS},
    summary="Import a camt.053 statement and confirm matches",
)
def import_statement(request, file: UploadedFile = File(...)):  # noqa: B008
    if file.size > settings.KIVOUCHER_MAX_UPLOAD_BYTES:
        raise DomainError("The statement is too large.", code="too_large")
    report = bank_statement_import(actor=request.user, data=file.read())
    return {
        "message_id": report.message_id,
        "confirmed": report.count("confirmed"),
        "lines": [
            {
                "outcome": line.outcome,
                "reference": line.reference or line.entry.reference,
                "amount": line.entry.amount,
                "sequence": line.sequence,
                "debtor": line.entry.debtor_name,
                "message": line.message,
            }
            for line in report.lines
        ],
    }


@router.get(
    "/offers/{code}/order-book",
    response={200: list[PurchaseOut], **READ_ERRORS},
    summary="All purchases",
)
def order_book(request, code: str):
    offer = offer_get_for_staff(user=request.user, code=code)
    purchases = list(offer.purchases.select_related("offer", "offer__operator", "buyer", "kiis"))
    left = scheduling.unit_hours_left_map(purchases)
    return [_purchase_out(p, left) for p in purchases]


@router.post(
    "/offers/{code}/evaluate",
    response={200: OfferOut, **STAFF_ERRORS},
    summary="Apply the deadline rule",
)
def evaluate_offer(request, code: str):
    offer = offer_get_for_staff(user=request.user, code=code)
    return _offer_out(services.offer_evaluate(actor=request.user, offer=offer))


@router.post(
    "/offers/{code}/commission",
    response={200: OfferOut, **STAFF_ERRORS},
    summary="Cluster in operation",
)
def commission_offer(request, code: str, payload: CommissionIn):
    """From `operation_start` to `calendar_end` the cluster's hours can be booked, except
    in the `maintenance` windows (each with `start` before `end`). Times without an
    offset are Berlin time."""
    offer = offer_get_for_staff(user=request.user, code=code)
    windows = [(m.start, m.end, m.reason) for m in payload.maintenance]
    return _offer_out(
        scheduling.offer_commission(
            actor=request.user,
            offer=offer,
            operation_start=payload.operation_start,
            calendar_end=payload.calendar_end,
            maintenance=windows,
        )
    )


@router.post(
    "/offers/{code}/maintenance",
    response={200: OfferOut, **STAFF_ERRORS},
    summary="Add a maintenance window",
)
def add_maintenance(request, code: str, payload: MaintenanceIn):
    offer = offer_get_for_staff(user=request.user, code=code)
    scheduling.maintenance_add(actor=request.user, offer=offer, **payload.dict())
    return _offer_out(offer)


@router.post(
    "/offers/{code}/allocate",
    response={200: RunOut, **STAFF_ERRORS},
    summary="Allocate in the order of sale",
)
def allocate(request, code: str):
    offer = offer_get_for_staff(user=request.user, code=code)
    return scheduling.allocation_run(actor=request.user, offer=offer)


@router.post(
    "/slots/{pk}/use",
    response={200: SlotOut, **STAFF_ERRORS},
    summary="The hours were delivered",
)
def use_slot(request, pk: int):
    slot = slot_get_for_user(user=request.user, pk=pk)
    return _slot_out(scheduling.slot_mark_used(actor=request.user, slot=slot))


@router.get("/offers/{code}/slurm", summary="The schedule as scontrol reservation commands")
def slurm_export(request, code: str, proposed: bool = False):
    """Confirmed slots; with `proposed=true` also the proposals not yet confirmed."""
    offer = offer_get_for_staff(user=request.user, code=code)
    statuses = [Slot.Status.CONFIRMED, *([Slot.Status.PROPOSED] if proposed else [])]
    slots = offer.slots.filter(status__in=statuses)
    text = slurm_reservations(offer=offer, slots=slots.select_related("purchase").order_by("start"))
    return HttpResponse(text, content_type="text/plain; charset=utf-8")


class SlurmReservationOut(Schema):
    name: str = Field(description="The reservation name: `{prefix}-{offer code}-{slot id}`.")
    account: str = Field(description="The buyer's Slurm account: `{prefix}_{buyer id}`.")
    partition: str | None = Field(
        description="`part{N}` for an offer of several partitions; null: the whole cluster."
    )
    start: datetime
    end: datetime
    gpus: int | None = Field(
        description="Always null: offers sell partition-hours, no GPU count is recorded."
    )
    status: str = Field(description="The slot's status: " + ", ".join(RESERVED_STATUSES) + ".")


@router.get(
    "/reservations",
    response={200: list[SlurmReservationOut], **api_errors(401, 403)},
    summary="Data centre: the slots that should exist as Slurm reservations now",
)
def reservations(request):
    """For the operators (role dc_operator) of the organisation operating the offers:
    every slot of its offers whose end is in the future and that is proposed (by the
    allocation run: its request is `allocated`), confirmed, or already marked used
    (it still blocks its partition until its end); released slots are left out. The
    names are those of `GET /offers/{code}/slurm`. The Slurm site agent creates these
    reservations and removes the ones it made that are no longer listed."""
    if getattr(request.user, "role", None) != Role.DC_OPERATOR:
        raise PermissionDenied(_("This API is for data-centre operators."))
    return reservations_of_operator(organisation_ids=member_organisation_ids(user=request.user))


# --- investors: key investment information, knowledge test, loss simulation ---------
TEXT = 20_000


class KiisIn(Input):
    issuer: str = Field(
        max_length=TEXT, description="A: project owner (issuer, legal form, seat, management)."
    )
    project: str = Field(max_length=TEXT, description="A: the crowdfunding project.")
    process_conditions: str = Field(
        max_length=TEXT,
        description="B: the process and its conditions (target, deadline, target missed).",
    )
    risk_factors: str = Field(max_length=TEXT, description="C: risk factors.")
    offer_terms: str = Field(max_length=TEXT, description="D: the offer of the shares.")
    spv: str = Field("", max_length=TEXT, description="E: special purpose vehicle (may be empty).")
    investor_rights: str = Field(max_length=TEXT, description="F: investor rights.")
    complaints: str = Field(max_length=TEXT, description="G: complaints.")
    fees: str = Field(max_length=TEXT, description="H: fees, information and legal costs.")


class KiisOut(Schema):
    offer: str
    share_class: str
    version: int
    published_at: datetime
    issuer: str
    project: str
    process_conditions: str
    risk_factors: str
    offer_terms: str
    spv: str
    investor_rights: str
    complaints: str
    fees: str


class KiisAcknowledgeIn(Input):
    version: int = Field(description="The version the buyer was shown (must be the current one).")


class KiisAcknowledgementOut(Schema):
    share_class: str
    version: int
    acknowledged_at: datetime


class InvestorProfileOut(Schema):
    id: int | None
    organisation: str
    natural_person: bool
    sophisticated: bool
    classified_at: datetime | None
    net_worth: Decimal | None
    annual_income: Decimal | None
    knowledge_test_passed_at: datetime | None
    knowledge_test_valid: bool
    simulation_at: datetime | None
    ready_to_subscribe: bool = Field(
        description="Sophisticated, or knowledge test and loss simulation done."
    )


class InvestorDeclareIn(Input):
    natural_person: bool
    net_worth: Decimal | None = Field(None, ge=0)
    annual_income: Decimal | None = Field(None, ge=0)


class ChoiceOut(Schema):
    key: str
    text: str


class QuestionOut(Schema):
    key: str
    text: str
    choices: list[ChoiceOut]


class KnowledgeTestOut(Schema):
    pass_mark: int
    questions: list[QuestionOut]


class KnowledgeTestIn(Input):
    answers: dict[Annotated[str, Field(max_length=40)], Annotated[str, Field(max_length=40)]] = (
        Field(description="Question key -> choice key.", max_length=20)
    )


class KnowledgeTestResultOut(Schema):
    score: int
    of: int
    passed: bool
    wrong: list[str]


class LossSimulationIn(Input):
    amount: Decimal = Field(gt=0, description="The amount you plan to invest (EUR).")
    net_worth: Decimal = Field(ge=0)
    annual_income: Decimal | None = Field(None, ge=0)


class LossLineOut(Schema):
    percent: int
    loss: Decimal
    share_of_net_worth: Decimal | None = Field(description="The loss in % of the net worth.")


class LossSimulationOut(Schema):
    amount: Decimal
    net_worth: Decimal
    capacity: Decimal = Field(description="Ability to bear loss: 10 % of the net worth.")
    within_capacity: bool
    lines: list[LossLineOut]


class ClassifyIn(Input):
    sophisticated: bool
    note: str = Field("", max_length=500)


def _kiis_out(kiis) -> dict:
    return {
        "offer": kiis.share_class.offer.code,
        "share_class": kiis.share_class.code,
        "version": kiis.version,
        "published_at": kiis.published_at,
        **{f: getattr(kiis, f) for f in investors.KIIS_FIELDS},
    }


def _profile_out(profile) -> dict:
    test_valid = investors.knowledge_test_current(profile)
    return {
        "id": profile.pk,
        "organisation": profile.organisation.name,
        "natural_person": profile.natural_person,
        "sophisticated": profile.sophisticated,
        "classified_at": profile.classified_at,
        "net_worth": profile.net_worth,
        "annual_income": profile.annual_income,
        "knowledge_test_passed_at": profile.knowledge_test_passed_at,
        "knowledge_test_valid": test_valid,
        "simulation_at": profile.simulation_at,
        "ready_to_subscribe": profile.sophisticated
        or (test_valid and profile.simulation_at is not None),
    }


def _buyer_organisation(request) -> Organisation:
    organisation = organisation_of_user(user=request.user)
    if organisation is None or request.user.role != Role.BUYER:
        raise PermissionDenied(_("Only buyers acting for their organisation can do this."))
    return organisation


def _share_class(code: str, share_class: str):
    offer = offer_get_public(code=code)
    return share_class_get_public(offer=offer, code=share_class)


@router.get(
    "/offers/{code}/share-classes/{share_class}/kiis",
    response={200: KiisOut, **api_errors(404)},
    auth=None,
    summary="The current key investment information sheet of a share class",
)
def get_kiis(request, code: str, share_class: str):
    sc = _share_class(code, share_class)
    return _kiis_out(investors.kiis_get(share_class_id=sc.pk))


@router.post(
    "/offers/{code}/share-classes/{share_class}/kiis",
    response={201: KiisOut, **STAFF_ERRORS},
    summary="Publish a new version of the sheet (staff)",
)
def publish_kiis(request, code: str, share_class: str, payload: KiisIn):
    offer = offer_get_for_staff(user=request.user, code=code)
    sc = share_class_get_public(offer=offer, code=share_class)
    kiis = investors.kiis_publish(actor=request.user, share_class=sc, **payload.dict())
    return Status(201, _kiis_out(kiis))


@router.post(
    "/offers/{code}/share-classes/{share_class}/kiis/acknowledge",
    response={201: KiisAcknowledgementOut, **STAFF_ERRORS},
    summary="The buyer has read the sheet (before subscribing)",
)
def acknowledge_kiis(request, code: str, share_class: str, payload: KiisAcknowledgeIn):
    """409 `kiis_outdated` when `version` is no longer the current one."""
    sc = _share_class(code, share_class)
    kiis = investors.kiis_get(share_class_id=sc.pk)
    ack = investors.kiis_acknowledge(
        actor=request.user,
        organisation=organisation_of_user(user=request.user),
        kiis=kiis,
        version=payload.version,
    )
    return Status(
        201,
        {"share_class": sc.code, "version": kiis.version, "acknowledged_at": ack.acknowledged_at},
    )


@router.get(
    "/investor-profile",
    response={200: InvestorProfileOut, **api_errors(401, 403)},
    summary="The caller's organisation as an investor",
)
def get_investor_profile(request):
    return _profile_out(investors.investor_profile_of(_buyer_organisation(request)))


@router.put(
    "/investor-profile",
    response={200: InvestorProfileOut, **STAFF_ERRORS},
    summary="Declare natural person, net worth and income",
)
def declare_investor(request, payload: InvestorDeclareIn):
    profile = investors.investor_declare(
        actor=request.user, organisation=_buyer_organisation(request), **payload.dict()
    )
    return _profile_out(profile)


@router.get(
    "/knowledge-test",
    response={200: KnowledgeTestOut, **api_errors(401)},
    summary="The entry knowledge test's questions",
)
def knowledge_test(request):
    return {
        "pass_mark": investors.PASS_MARK,
        "questions": [
            {
                "key": q.key,
                "text": str(q.text),
                "choices": [{"key": k, "text": str(t)} for k, t in q.choices],
            }
            for q in investors.KNOWLEDGE_TEST
        ],
    }


@router.post(
    "/knowledge-test",
    response={200: KnowledgeTestResultOut, **STAFF_ERRORS},
    summary="Answer the entry knowledge test",
)
def knowledge_test_answer(request, payload: KnowledgeTestIn):
    result = investors.knowledge_test_take(
        actor=request.user, organisation=_buyer_organisation(request), answers=payload.answers
    )
    return {
        "score": result.score,
        "of": len(investors.KNOWLEDGE_TEST),
        "passed": result.passed,
        "wrong": result.wrong,
    }


@router.post(
    "/loss-simulation",
    response={200: LossSimulationOut, **STAFF_ERRORS},
    summary="Simulate the ability to bear loss (recorded)",
)
def loss_simulation(request, payload: LossSimulationIn):
    result = investors.loss_simulation_record(
        actor=request.user, organisation=_buyer_organisation(request), **payload.dict()
    )
    return {
        "amount": result.amount,
        "net_worth": result.net_worth,
        "capacity": result.capacity,
        "within_capacity": result.within_capacity,
        "lines": [
            {"percent": x.percent, "loss": x.loss, "share_of_net_worth": x.share_of_net_worth}
            for x in result.lines
        ],
    }


@router.post(
    "/investor-profiles/{organisation_id}/classify",
    response={200: InvestorProfileOut, **STAFF_ERRORS},
    summary="Staff: classify an investor as sophisticated or not",
)
def classify_investor(request, organisation_id: int, payload: ClassifyIn):
    """On the investor's request and evidence (Regulation (EU) 2020/1503, Annex II)."""
    profile = investors.investor_classify(
        actor=request.user,
        profile_organisation=buyer_organisation_get_for_staff(
            user=request.user, pk=organisation_id
        ),
        sophisticated=payload.sophisticated,
        note=payload.note,
    )
    return _profile_out(profile)


@router.post(
    "/purchases/{pk}/revoke",
    response={200: PurchaseOut, **STAFF_ERRORS},
    summary="Revoke a subscription in the four-day reflection period",
)
def revoke_purchase(request, pk: int):
    """Without reason, within four days (non-sophisticated investors): an unpaid order
    is cancelled, a paid one refunded by SEPA. Afterwards 409 `reflection_period_over`."""
    purchase = purchase_get_for_user(user=request.user, pk=pk)
    return _purchase_out(investors.purchase_revoke(actor=request.user, purchase=purchase))


# --- KYC of buyer organisations ---------------------------------------------------
class KycPersonIn(Input):
    role: Literal["representative", "owner"]
    name: str = Field(max_length=200)
    birth_date: date | None = None
    share_percent: Decimal | None = Field(None, ge=0, le=100)
    control: str = Field("", max_length=200)
    register_reference: str = Field("", max_length=100)


class KycPersonOut(Schema):
    role: str
    name: str
    birth_date: date | None
    share_percent: Decimal | None
    control: str
    register_reference: str


class KycIn(Input):
    register_extract: str = Field("", max_length=100)
    persons: list[KycPersonIn] = Field(max_length=100)


class KycOut(Schema):
    id: int
    organisation: str
    organisation_id: int
    status: str
    register_extract: str
    submitted_at: datetime | None
    checked_at: datetime | None
    check_note: str
    persons: list[KycPersonOut]


class KycCheckIn(Input):
    approve: bool
    note: str = Field("", max_length=1000)


def _kyc_out(dossier) -> dict:
    return {
        "id": dossier.pk,
        "organisation": dossier.organisation.name,
        "organisation_id": dossier.organisation_id,
        "status": dossier.status,
        "register_extract": dossier.register_extract,
        "submitted_at": dossier.submitted_at,
        "checked_at": dossier.checked_at,
        "check_note": dossier.check_note,
        "persons": list(dossier.persons.all()),
    }


@router.get("/kyc", response={200: KycOut, **api_errors(401, 403)}, summary="The buyer's KYC")
def get_kyc(request):
    return _kyc_out(kyc.kyc_dossier_of(_buyer_organisation(request)))


@router.put(
    "/kyc",
    response={200: KycOut, **STAFF_ERRORS},
    summary="Record legal representatives and beneficial owners",
)
def put_kyc(request, payload: KycIn):
    dossier = kyc.kyc_persons_set(
        actor=request.user,
        organisation=_buyer_organisation(request),
        persons=[p.dict() for p in payload.persons],
        register_extract=payload.register_extract,
    )
    return _kyc_out(dossier)


@router.post("/kyc/submit", response={200: KycOut, **STAFF_ERRORS}, summary="Submit for the check")
def submit_kyc(request):
    return _kyc_out(kyc.kyc_submit(actor=request.user, organisation=_buyer_organisation(request)))


@router.get(
    "/kyc-dossiers",
    response={200: list[KycOut], **api_errors(401)},
    summary="Staff: the buyers' KYC dossiers",
)
def list_kyc(request, status: str | None = Query(None, max_length=20)):  # noqa: B008
    qs = kyc_dossiers_for_staff(user=request.user)
    if status:
        qs = qs.filter(status=status)
    return [_kyc_out(d) for d in qs[:1000]]


@router.post(
    "/kyc-dossiers/{pk}/check",
    response={200: KycOut, **STAFF_ERRORS},
    summary="Staff: approve or reject a submitted dossier",
)
def check_kyc(request, pk: int, payload: KycCheckIn):
    """Approval confirms the buyer's payments held meanwhile."""
    dossier = kyc_dossier_get_for_staff(user=request.user, pk=pk)
    return _kyc_out(
        kyc.kyc_check(
            actor=request.user, dossier=dossier, approve=payload.approve, note=payload.note
        )
    )


# --- transfers of hours and hand-back to line II -------------------------------------
class TransferIn(Input):
    unit_hours: int = Field(ge=1)
    price: Decimal = Field(ge=0, description="The agreed price (EUR), paid between the buyers.")


class TransferOut(Schema):
    id: int
    offer: str
    purchase: int | None = Field(
        description="The seller's purchase (its id for the seller and staff)."
    )
    sequence: int | None = Field(
        description="The number in the order of sale that goes with the hours."
    )
    seller: str
    buyer: str | None
    unit_hours: int
    price: Decimal
    status: str
    created_at: datetime
    accepted_at: datetime | None
    result: int | None = Field(description="The purchase holding the hours taken over.")


class HandBackIn(Input):
    call_id: int = Field(
        description="A line II (compute voucher) call, from GET /programmes/calls."
    )


def _transfer_out(transfer, own_ids) -> dict:
    staff_or_party = transfer.seller_id in own_ids or transfer.buyer_id in own_ids
    return {
        "id": transfer.pk,
        "offer": transfer.purchase.offer.code,
        "purchase": transfer.purchase_id if staff_or_party else None,
        "sequence": transfer.purchase.sequence,
        "seller": transfer.seller.name,
        "buyer": transfer.buyer.name if transfer.buyer_id else None,
        "unit_hours": transfer.unit_hours,
        "price": transfer.price,
        "status": transfer.status,
        "created_at": transfer.created_at,
        "accepted_at": transfer.accepted_at,
        "result": transfer.result_id if staff_or_party else None,
    }


def _own_ids(request) -> set:
    if request.user.sees_everything:
        return _EVERYONE
    return {row["organisation_id"] for row in member_organisation_ids(user=request.user)}


class _Everyone(set):
    def __contains__(self, item) -> bool:
        return True


_EVERYONE = _Everyone()


@router.get(
    "/transfers",
    response={200: list[TransferOut], **api_errors(401)},
    summary="Transfers of hours: own ones and open offers (staff: all)",
)
def list_transfers(request):
    own = _own_ids(request)
    return [_transfer_out(t, own) for t in transfers_for_user(user=request.user)[:1000]]


@router.post(
    "/purchases/{pk}/transfers",
    response={201: TransferOut, **STAFF_ERRORS},
    summary="Offer unused hours to other buyers",
)
def offer_transfer(request, pk: int, payload: TransferIn):
    purchase = purchase_get_for_user(user=request.user, pk=pk)
    transfer = transfers.transfer_offer(
        actor=request.user, purchase=purchase, unit_hours=payload.unit_hours, price=payload.price
    )
    return Status(201, _transfer_out(transfer, _own_ids(request)))


@router.post(
    "/transfers/{pk}/accept",
    response={200: TransferOut, **STAFF_ERRORS},
    summary="Take over offered hours at the agreed price",
)
def accept_transfer(request, pk: int):
    transfer = transfer_get_for_user(user=request.user, pk=pk)
    transfer = transfers.transfer_accept(
        actor=request.user, transfer=transfer, buyer=organisation_of_user(user=request.user)
    )
    return _transfer_out(transfer, _own_ids(request))


@router.post(
    "/transfers/{pk}/withdraw",
    response={200: TransferOut, **STAFF_ERRORS},
    summary="Withdraw an offer of hours",
)
def withdraw_transfer(request, pk: int):
    transfer = transfer_get_for_user(user=request.user, pk=pk)
    transfer = transfers.transfer_withdraw(actor=request.user, transfer=transfer)
    return _transfer_out(transfer, _own_ids(request))


@router.post(
    "/purchases/{pk}/hand-back",
    response={200: PurchaseOut, **STAFF_ERRORS},
    summary="Staff: hand lapsed unused hours back to a line II budget",
)
def hand_back(request, pk: int, payload: HandBackIn):
    """Hours unused when their validity ended go to the call's budget at the pre-sale
    price (instead of being booked as expired)."""
    purchase = purchase_get_for_user(user=request.user, pk=pk)
    call = transfers.line2_calls().filter(pk=payload.call_id).first()
    return _purchase_out(
        transfers.purchase_hand_back(actor=request.user, purchase=purchase, call=call)
    )
