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
from kivoucher.einvoices.schemas import einvoice_validation_out
from kivoucher.projects import services
from kivoucher.projects.selectors import (
    instalment_get_for_user,
    instalments_for_user,
    proof_get_for_user,
    proofs_for_user,
)

router = Router()
WRITE_ERRORS = api_errors(400, 401, 403, 404, 409, 422)


class ProofEinvoiceFindingOut(Schema):
    rule_id: str = Field(description="The rule's id, e.g. BR-CO-16, BR-DE-15")
    severity: str = Field(description="fatal | warning | information")
    text: str = Field(description="The rule's own text (EN 16931: English, BR-DE: German)")
    location: str = Field(description="Where in the invoice (XPath)")
    explanation: str = Field(description="German explanation for a bookkeeper")


class ProofEinvoiceValidationOut(Schema):
    syntax: str = Field(description="UBL | CII")
    is_xrechnung: bool = Field(description="It claims XRechnung: its rules were applied too")
    customization_id: str
    findings: list[ProofEinvoiceFindingOut]


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
    einvoice_validation: ProofEinvoiceValidationOut | None = Field(
        description="The e-invoice's check against EN 16931 / XRechnung (warnings and "
        "hints; null for a PDF without an e-invoice)"
    )
    eligible_costs: Decimal | None
    grant_due: Decimal | None
    instalments_paid: Decimal | None
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
        **{
            f: getattr(p, f)
            for f in ProofOut.model_fields
            if f not in ("voucher", "einvoice_validation")
        },
        "voucher": p.voucher.code,
        "einvoice_validation": einvoice_validation_out(p.einvoice_validation),
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


# --- Instalments (Mittelabruf) ------------------------------------------------------


class InstalmentInvoiceOut(Schema):
    id: int
    original_name: str
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
    checks: list[dict]
    einvoice_validation: ProofEinvoiceValidationOut | None = Field(
        description="The e-invoice's check against EN 16931 / XRechnung"
    )


class InstalmentOut(Schema):
    id: int
    voucher: str
    number: int
    status: str
    claimed_costs: Decimal
    eligible_costs: Decimal | None
    amount: Decimal | None
    requested_at: datetime
    checked_at: datetime | None
    check_note: str
    decided_at: datetime | None
    decision_note: str
    invoices: list[InstalmentInvoiceOut]


class InstalmentFigures(Schema):
    grant: Decimal = Field(description="The voucher's grant")
    rate: Decimal = Field(description="Subsidy rate applied to the eligible costs")
    share_max: Decimal = Field(description="Share of the grant drawable before the final proof")
    share_limit: Decimal = Field(description="That share in euros")
    approved: Decimal = Field(description="Sum of the approved instalments")
    available: Decimal = Field(description="What further instalments may still draw")
    count: int = Field(description="Instalments requested (rejected ones do not count)")
    count_max: int = Field(description="Instalments the programme allows")


class InstalmentsOut(Schema):
    figures: InstalmentFigures
    refusal: str | None = Field(
        description="Why the caller may not request an instalment now (null: they may)"
    )
    instalments: list[InstalmentOut]


class InstalmentCheckIn(Schema):
    model_config = {"extra": "forbid"}
    accept: bool
    eligible_costs: str | None = Field(None, max_length=40)
    note: str = Field("", max_length=5_000)


class InstalmentDecideIn(Schema):
    model_config = {"extra": "forbid"}
    approve: bool
    note: str = Field("", max_length=5_000)


def _instalment_out(i) -> dict:
    return {
        **{
            f: getattr(i, f) for f in InstalmentOut.model_fields if f not in ("voucher", "invoices")
        },
        "voucher": i.voucher.code,
        "invoices": [
            {
                **{f: getattr(inv, f) for f in InstalmentInvoiceOut.model_fields},
                "einvoice_validation": einvoice_validation_out(inv.einvoice_validation),
            }
            for inv in i.invoices.all()
        ],
    }


@router.get(
    "/vouchers/{code}/instalments",
    response={200: InstalmentsOut, **api_errors(401, 404)},
    summary="The voucher's instalments, what may still be drawn and whether the caller may",
)
def list_voucher_instalments(request, code: str):
    voucher = voucher_get_for_user(user=request.user, code=code)
    return {
        "figures": services.instalment_figures(voucher=voucher),
        "refusal": services.instalment_request_refusal(actor=request.user, voucher=voucher),
        "instalments": [
            _instalment_out(i)
            for i in instalments_for_user(user=request.user).filter(voucher=voucher)
        ],
    }


@router.post(
    "/vouchers/{code}/instalments",
    response={201: InstalmentOut, **WRITE_ERRORS},
    summary="Request an instalment with the e-invoices so far (XRechnung or ZUGFeRD)",
)
def request_instalment(request, code: str, invoices: File[list[UploadedFile]]):
    voucher = voucher_get_for_user(user=request.user, code=code)
    instalment = services.instalment_request(
        actor=request.user,
        voucher=voucher,
        invoices=[upload_check(f, allowed=INVOICES) for f in invoices],
    )
    return Status(201, _instalment_out(instalment))


@router.get("/instalments", response=list[InstalmentOut], summary="Instalments the caller may see")
def list_instalments(request, status: str = ""):
    qs = instalments_for_user(user=request.user).order_by("-requested_at", "-pk")
    if status:
        qs = qs.filter(status=status)
    return [_instalment_out(i) for i in qs[:500]]


@router.get("/instalments/{instalment_id}", response={200: InstalmentOut, **api_errors(401, 404)})
def get_instalment(request, instalment_id: int):
    return _instalment_out(instalment_get_for_user(user=request.user, pk=instalment_id))


@router.post(
    "/instalments/{instalment_id}/check",
    response={200: InstalmentOut, **WRITE_ERRORS},
    summary="Check the interim proof: recognise the eligible costs or reject (caseworker)",
)
def check_instalment(request, instalment_id: int, payload: InstalmentCheckIn):
    instalment = instalment_get_for_user(user=request.user, pk=instalment_id)
    return _instalment_out(
        services.instalment_check(actor=request.user, instalment=instalment, **payload.model_dump())
    )


@router.post(
    "/instalments/{instalment_id}/decide",
    response={200: InstalmentOut, **WRITE_ERRORS},
    summary="Approve (the payout is queued) or reject a checked instalment (second person)",
)
def decide_instalment(request, instalment_id: int, payload: InstalmentDecideIn):
    instalment = instalment_get_for_user(user=request.user, pk=instalment_id)
    return _instalment_out(
        services.instalment_decide(
            actor=request.user, instalment=instalment, **payload.model_dump()
        )
    )
