"""The usage API for data centres (DESIGN §6): prices, vouchers, usage, holds.

Callers are users with the role dc_operator who are members of a data-centre
organisation; everything they see is their own data centre's. Usage batches
answer one result per record, in order: one bad record never loses the others.
"""

import json
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import Router, Schema

from kivoucher.compute.models import ComputeVoucher, DataCentre
from kivoucher.compute.selectors import (
    current_prices,
    data_centre_of_user,
    hold_at_data_centre,
    voucher_at_data_centre,
    vouchers_redeemable_at,
)
from kivoucher.compute.services.holds import (
    compute_hold_create,
    compute_hold_release,
    compute_hold_settle,
)
from kivoucher.compute.services.ingest import MAX_RECORDS, IngestOutcome, usage_ingest
from kivoucher.compute.services.onboarding import credential_add, evidence_verify
from kivoucher.compute.services.pricing import price_list_publish
from kivoucher.compute.services.vouchers import compute_voucher_set_slurm_account
from kivoucher.core.errors import DomainError, PermissionDenied

router = Router()


class PriceOut(Schema):
    resource: str
    unit: str
    price: str


class VoucherOut(Schema):
    code: str
    status: str
    value: str
    balance: str
    valid_until: str


class UsageIn(Schema):
    model_config = {"extra": "forbid"}
    records: list[Any]


class ResultOut(Schema):
    id: str | None
    status: str
    charged: str
    uncovered: str
    reason: str | None


class UsageOut(Schema):
    results: list[ResultOut]


class HoldIn(Schema):
    model_config = {"extra": "forbid"}
    id: str
    voucher: str
    amount: Decimal


class HoldOut(Schema):
    id: str
    voucher: str
    amount: str
    status: str


class SlurmAccountIn(Schema):
    model_config = {"extra": "forbid"}
    account: str


def _data_centre(request) -> DataCentre:
    dc = data_centre_of_user(user=request.user)
    if dc is None:
        raise PermissionDenied(_("This API is for data-centre operators."))
    return dc


def format_price(price: Decimal) -> str:
    two = price.quantize(Decimal("0.01"))
    return f"{two:.2f}" if two == price else format(price.normalize(), "f")


def voucher_out(voucher: ComputeVoucher) -> dict:
    return {
        "code": voucher.code,
        "status": voucher.status,
        "value": f"{voucher.value:.2f}",
        "balance": f"{voucher.account.balance:.2f}",
        "valid_until": voucher.valid_until.isoformat(),
    }


def _results(outcome: IngestOutcome) -> HttpResponse:
    body = {"results": [r.as_dict() for r in outcome.results]}
    return HttpResponse(json.dumps(body), content_type="application/json")


@router.get("/prices", response=list[PriceOut], summary="The caller's current price list")
def prices(request):
    dc = _data_centre(request)
    return [
        {"resource": i.resource, "unit": i.unit, "price": format_price(i.price)}
        for i in current_prices(data_centre=dc)
    ]


@router.get("/vouchers", response=list[VoucherOut], summary="Vouchers redeemable here")
def vouchers(request):
    dc = _data_centre(request)
    return [voucher_out(v) for v in vouchers_redeemable_at(data_centre=dc)]


@router.get("/vouchers/{code}", response=VoucherOut, summary="One voucher and its balance")
def voucher(request, code: str):
    return voucher_out(voucher_at_data_centre(data_centre=_data_centre(request), code=code))


@router.put("/vouchers/{code}/slurm-account", response=VoucherOut, summary="Map a Slurm account")
def voucher_slurm_account(request, code: str, payload: SlurmAccountIn):
    dc = _data_centre(request)
    voucher = voucher_at_data_centre(data_centre=dc, code=code)
    compute_voucher_set_slurm_account(
        actor=request.user, voucher=voucher, slurm_account=payload.account
    )
    return voucher_out(voucher)


@router.post("/usage", response=UsageOut, summary="Report usage records (up to 10,000)")
def usage(request, payload: UsageIn):
    dc = _data_centre(request)
    if len(payload.records) > MAX_RECORDS:
        raise DomainError(
            _("At most %(n)s records per request.") % {"n": f"{MAX_RECORDS:,}"},
            code="too_many_records",
            status=413,
        )
    return _results(usage_ingest(data_centre=dc, records=payload.records, actor=request.user))


def hold_out(hold) -> dict:
    return {
        "id": hold.hold_id,
        "voucher": hold.voucher.code,
        "amount": f"{hold.amount:.2f}",
        "status": hold.status,
    }


@router.post("/holds", response={201: HoldOut}, summary="Hold money for a job before it starts")
def hold_create(request, payload: HoldIn):
    dc = _data_centre(request)
    voucher = voucher_at_data_centre(data_centre=dc, code=payload.voucher)
    hold = compute_hold_create(
        actor=request.user,
        data_centre=dc,
        voucher=voucher,
        hold_id=payload.id,
        amount=payload.amount,
    )
    return 201, hold_out(hold)


@router.get("/holds/{hold_id}", response=HoldOut, summary="One hold")
def hold_get(request, hold_id: str):
    return hold_out(hold_at_data_centre(data_centre=_data_centre(request), hold_id=hold_id))


@router.post(
    "/holds/{hold_id}/settle", response=UsageOut, summary="Settle a hold with the job's usage"
)
def hold_settle(request, hold_id: str, payload: UsageIn):
    dc = _data_centre(request)
    if len(payload.records) > MAX_RECORDS:
        raise DomainError(
            _("At most %(n)s records per request.") % {"n": f"{MAX_RECORDS:,}"},
            code="too_many_records",
            status=413,
        )
    hold = hold_at_data_centre(data_centre=dc, hold_id=hold_id)
    return _results(compute_hold_settle(actor=request.user, hold=hold, records=payload.records))


@router.post("/holds/{hold_id}/release", response=HoldOut, summary="Release a hold unused")
def hold_release(request, hold_id: str):
    hold = hold_at_data_centre(data_centre=_data_centre(request), hold_id=hold_id)
    return hold_out(compute_hold_release(actor=request.user, hold=hold))


class PriceItemIn(Schema):
    model_config = {"extra": "forbid"}
    resource: str
    unit: str
    price: Decimal
    slurm_tres: str = ""


class PriceListIn(Schema):
    model_config = {"extra": "forbid"}
    valid_from: datetime | None = None
    items: list[PriceItemIn]


class PriceListOut(Schema):
    version: int
    valid_from: datetime
    items: list[PriceOut]


@router.post("/prices", response={201: PriceListOut}, summary="Publish a new price list version")
def prices_publish(request, payload: PriceListIn):
    dc = _data_centre(request)
    if payload.valid_from is not None and payload.valid_from.tzinfo is None:
        raise DomainError(_("valid_from needs a time zone offset."), code="invalid_time")
    version = price_list_publish(
        actor=request.user,
        data_centre=dc,
        valid_from=payload.valid_from,
        items=[{**item.dict(), "price": str(item.price)} for item in payload.items],
    )
    return 201, {
        "version": version.version,
        "valid_from": version.valid_from,
        "items": [
            {"resource": i.resource, "unit": i.unit, "price": format_price(i.price)}
            for i in version.items.order_by("resource")
        ],
    }


class CredentialIn(Schema):
    model_config = {"extra": "forbid"}
    kind: str
    credential: Any


class CheckOut(Schema):
    credential: str
    check: str
    passed: bool
    detail: str


class VerificationOut(Schema):
    evidence: str
    checked_at: datetime
    passed: bool
    expires_at: datetime | None
    checks: list[CheckOut]


def verification_out(dc: DataCentre, verification) -> dict:
    return {
        "evidence": dc.evidence_status,
        "checked_at": verification.checked_at,
        "passed": verification.passed,
        "expires_at": verification.expires_at,
        "checks": verification.checks,
    }


@router.post(
    "/credentials",
    response={201: VerificationOut},
    summary="Upload a (renewed) Gaia-X credential; the evidence is re-verified offline",
)
def credential_upload(request, payload: CredentialIn):
    dc = _data_centre(request)
    raw = (
        payload.credential
        if isinstance(payload.credential, str)
        else json.dumps(payload.credential)
    )
    credential_add(actor=request.user, data_centre=dc, kind=payload.kind, raw=raw)
    verification = evidence_verify(actor=request.user, data_centre=dc)
    dc.refresh_from_db()
    return 201, verification_out(dc, verification)


@router.get("/verification", response=VerificationOut, summary="The latest evidence verification")
def verification(request):
    dc = _data_centre(request)
    latest = dc.verifications.first()
    if latest is None:
        latest = evidence_verify(actor=request.user, data_centre=dc)
        dc.refresh_from_db()
    return verification_out(dc, latest)
