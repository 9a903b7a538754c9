"""Line III API: public offers and progress; buyers order, request and confirm slots;
staff confirm payments (also from camt.053), evaluate, commission and allocate."""

from datetime import date, datetime
from decimal import Decimal

from django.conf import settings
from django.db.models import Prefetch
from django.http import HttpResponse
from ninja import File, Router, Schema, Status
from ninja.files import UploadedFile

from kivoucher.core.errors import DomainError, NotFound
from kivoucher.organizations.models import Organisation
from kivoucher.organizations.selectors import organisation_of_user
from kivoucher.presale import scheduling, services
from kivoucher.presale.camt import bank_statement_import
from kivoucher.presale.exports import slurm_reservations
from kivoucher.presale.models import Offer, Purchase, Slot
from kivoucher.presale.selectors import (
    offer_get_for_staff,
    offer_get_public,
    offer_progress,
    offers_public,
    payment_instructions,
    purchase_get_for_user,
    purchases_for_user,
    request_explanation,
    request_get_for_user,
    requests_for_user,
    slot_get_for_user,
    slots_for_user,
)
from kivoucher.programmes.models import Programme

router = Router()


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
    kind: str
    unit_hours: int = 0
    share_class: str | None = None
    shares: int = 0


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
    label: str
    price: Decimal
    unit_hours: int | None = None


class ShareClassIn(Input):
    code: str
    name: str
    nominal_value: Decimal
    issue_price: Decimal
    min_shares: int = 1
    shares_offered: int


class OfferIn(Input):
    code: str
    title: str
    description: str = ""
    operator_id: int
    programme: str = "ki-presale"
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


class CommissionIn(Input):
    operation_start: datetime
    calendar_end: datetime
    maintenance: list[dict] = []


class MaintenanceIn(Input):
    start: datetime
    end: datetime
    reason: str = ""


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


@router.get("/offers/{code}", response=OfferOut, auth=None, summary="A pre-sale and its progress")
def get_offer(request, code: str):
    return _offer_out(offer_get_public(code=code))


# --- buyers -------------------------------------------------------------------
@router.post("/offers/{code}/purchases", response={201: PurchaseOut}, summary="Order or subscribe")
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
    )
    return Status(201, _purchase_out(purchase))


@router.get("/purchases", response=list[PurchaseOut], summary="The caller's purchases")
def list_purchases(request):
    qs = list(purchases_for_user(user=request.user).order_by("offer", "sequence", "pk")[:1000])
    left = scheduling.unit_hours_left_map(qs)
    return [_purchase_out(p, left) for p in qs]


@router.get("/purchases/{pk}", response=PurchaseOut)
def get_purchase(request, pk: int):
    return _purchase_out(purchase_get_for_user(user=request.user, pk=pk))


@router.post("/purchases/{pk}/cancel", response=PurchaseOut, summary="Cancel an unpaid order")
def cancel_purchase(request, pk: int):
    purchase = purchase_get_for_user(user=request.user, pk=pk)
    return _purchase_out(services.purchase_cancel(actor=request.user, purchase=purchase))


@router.post("/purchases/{pk}/requests", response={201: RequestOut}, summary="Ask for slots")
def create_request(request, pk: int, payload: RequestIn):
    purchase = purchase_get_for_user(user=request.user, pk=pk)
    req = scheduling.slot_request_create(actor=request.user, purchase=purchase, **payload.dict())
    return Status(201, _request_out(req))


@router.get("/requests", response=list[RequestOut])
def list_requests(request):
    active = Slot.objects.filter(status__in=Slot.ACTIVE).select_related("offer", "purchase")
    qs = requests_for_user(user=request.user).prefetch_related(
        Prefetch("slots", queryset=active, to_attr="active_slots")
    )
    return [_request_out(r) for r in qs[:1000]]


@router.get("/requests/{pk}", response=RequestOut, summary="A request, its slots and why")
def get_request(request, pk: int):
    return _request_out(request_get_for_user(user=request.user, pk=pk))


@router.post("/requests/{pk}/confirm", response=RequestOut, summary="Accept the proposed slots")
def confirm_request(request, pk: int):
    req = request_get_for_user(user=request.user, pk=pk)
    return _request_out(scheduling.slot_request_confirm(actor=request.user, request=req))


@router.post("/requests/{pk}/withdraw", response=RequestOut)
def withdraw_request(request, pk: int):
    req = request_get_for_user(user=request.user, pk=pk)
    return _request_out(scheduling.slot_request_withdraw(actor=request.user, request=req))


@router.get("/slots", response=list[SlotOut], summary="Booked slots the caller may see")
def list_slots(request):
    return [_slot_out(s) for s in slots_for_user(user=request.user).order_by("start")[:5000]]


@router.post("/slots/{pk}/release", response=SlotOut, summary="Give a slot back to the pool")
def release_slot(request, pk: int):
    slot = slot_get_for_user(user=request.user, pk=pk)
    return _slot_out(scheduling.slot_release(actor=request.user, slot=slot))


# --- staff --------------------------------------------------------------------
@router.post("/offers", response={201: OfferOut}, summary="Create a pre-sale (draft)")
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


@router.post("/offers/{code}/publish", response=OfferOut, summary="Open the pre-sale")
def publish_offer(request, code: str):
    offer = offer_get_for_staff(user=request.user, code=code)
    return _offer_out(services.offer_publish(actor=request.user, offer=offer))


@router.post("/purchases/{pk}/confirm-payment", response=PurchaseOut, summary="Payment received")
def confirm_payment(request, pk: int, payload: ConfirmIn):
    purchase = purchase_get_for_user(user=request.user, pk=pk)
    return _purchase_out(
        services.purchase_confirm_payment(
            actor=request.user, purchase=purchase, amount=payload.amount
        )
    )


@router.post("/bank-statements", summary="Import a camt.053 statement and confirm matches")
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
                "amount": str(line.entry.amount),
                "sequence": line.sequence,
                "debtor": line.entry.debtor_name,
                "message": line.message,
            }
            for line in report.lines
        ],
    }


@router.get("/offers/{code}/order-book", response=list[PurchaseOut], summary="All purchases")
def order_book(request, code: str):
    offer = offer_get_for_staff(user=request.user, code=code)
    purchases = list(offer.purchases.select_related("offer", "offer__operator", "buyer"))
    left = scheduling.unit_hours_left_map(purchases)
    return [_purchase_out(p, left) for p in purchases]


@router.post("/offers/{code}/evaluate", response=OfferOut, summary="Apply the deadline rule")
def evaluate_offer(request, code: str):
    offer = offer_get_for_staff(user=request.user, code=code)
    return _offer_out(services.offer_evaluate(actor=request.user, offer=offer))


@router.post("/offers/{code}/commission", response=OfferOut, summary="Cluster in operation")
def commission_offer(request, code: str, payload: CommissionIn):
    offer = offer_get_for_staff(user=request.user, code=code)
    windows = [
        (datetime.fromisoformat(m["start"]), datetime.fromisoformat(m["end"]), m.get("reason", ""))
        for m in payload.maintenance
    ]
    return _offer_out(
        scheduling.offer_commission(
            actor=request.user,
            offer=offer,
            operation_start=payload.operation_start,
            calendar_end=payload.calendar_end,
            maintenance=windows,
        )
    )


@router.post("/offers/{code}/maintenance", response=OfferOut, summary="Add a maintenance window")
def add_maintenance(request, code: str, payload: MaintenanceIn):
    offer = offer_get_for_staff(user=request.user, code=code)
    scheduling.maintenance_add(actor=request.user, offer=offer, **payload.dict())
    return _offer_out(offer)


@router.post("/offers/{code}/allocate", response=RunOut, summary="Allocate in the order of sale")
def allocate(request, code: str):
    offer = offer_get_for_staff(user=request.user, code=code)
    return scheduling.allocation_run(actor=request.user, offer=offer)


@router.post("/slots/{pk}/use", response=SlotOut, summary="The hours were delivered")
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
