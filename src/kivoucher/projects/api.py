"""Proof of use and payout (/api/v1/projects)."""

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated

from ninja import Field, File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from kivoucher.applications.selectors import voucher_get_for_user
from kivoucher.core.api_errors import api_errors
from kivoucher.core.errors import DomainError
from kivoucher.core.uploads import INVOICES, upload_check
from kivoucher.projects import services
from kivoucher.projects.selectors import proof_get_for_user, proofs_for_user

router = Router()
WRITE_ERRORS = api_errors(400, 401, 403, 404, 409, 422)


class ProofOut(Schema):
    id: int
    voucher: str
    status: str
    invoice_format: str
    invoice_number: str
    invoice_date: date | None
    seller_name: str
    seller_vat_id: str
    buyer_name: str
    buyer_vat_id: str
    net: Decimal
    vat: Decimal
    gross: Decimal
    report: str
    checks: list[dict]
    eligible_costs: Decimal | None
    payout_amount: Decimal | None
    submitted_at: datetime
    check_note: str


class CheckIn(Schema):
    model_config = {"extra": "forbid"}
    accept: bool
    eligible_costs: str | None = Field(None, max_length=40)
    note: str = Field("", max_length=5_000)


def _out(p) -> dict:
    return {
        **{f: getattr(p, f) for f in ProofOut.model_fields if f != "voucher"},
        "voucher": p.voucher.code,
    }


@router.get("/proofs", response=list[ProofOut], summary="Proofs of use the caller may see")
def list_proofs(request, status: str = ""):
    qs = proofs_for_user(user=request.user)
    if status:
        qs = qs.filter(status=status)
    return [_out(p) for p in qs[:500]]


@router.post(
    "/vouchers/{code}/proof",
    response={201: ProofOut, **WRITE_ERRORS},
    summary="Submit the invoice (XRechnung/ZUGFeRD or PDF with amounts) and the report",
)
def submit_proof(
    request,
    code: str,
    report: Annotated[str, Form(max_length=10_000)],
    invoice: File[UploadedFile],
    invoice_number: Annotated[str, Form(max_length=100)] = "",
    invoice_date: Annotated[str, Form(max_length=20)] = "",
    net: Annotated[str, Form(max_length=40)] = "",
    vat: Annotated[str, Form(max_length=40)] = "",
    gross: Annotated[str, Form(max_length=40)] = "",
):
    voucher = voucher_get_for_user(user=request.user, code=code)
    try:
        issued = date.fromisoformat(invoice_date) if invoice_date else None
    except ValueError:
        raise DomainError("invoice_date must be YYYY-MM-DD.")
    proof = services.proof_submit(
        actor=request.user,
        voucher=voucher,
        invoice=upload_check(invoice, allowed=INVOICES),
        report=report,
        amounts={
            "invoice_number": invoice_number,
            "invoice_date": issued,
            "net": net,
            "vat": vat,
            "gross": gross,
        },
    )
    return Status(201, _out(proof))


@router.get("/proofs/{proof_id}", response={200: ProofOut, **api_errors(401, 404)})
def get_proof(request, proof_id: int):
    return _out(proof_get_for_user(user=request.user, pk=proof_id))


@router.post(
    "/proofs/{proof_id}/check",
    response={200: ProofOut, **WRITE_ERRORS},
    summary="Accept or reject (caseworker)",
)
def check_proof(request, proof_id: int, payload: CheckIn):
    proof = proof_get_for_user(user=request.user, pk=proof_id)
    return _out(services.proof_check(actor=request.user, proof=proof, **payload.model_dump()))


@router.get("/proofs/{proof_id}/invoice", summary="The stored invoice file")
def proof_invoice(request, proof_id: int):
    return proof_get_for_user(user=request.user, pk=proof_id).response()
