"""The usage API for data centres (DESIGN §6): prices, vouchers, usage, holds.

Callers are users with the role dc_operator who are members of a data-centre
organisation; everything they see is their own data centre's. Usage batches
answer one result per record, in order: one bad record never loses the others.
"""

import json
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any

from django.conf import settings
from django.http import HttpResponse
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from ninja import Field, File, Router, Schema, Status
from ninja.files import UploadedFile

from kivoucher.compute import selectors
from kivoucher.compute.models import ComputeApplication, ComputeVoucher, DataCentre
from kivoucher.compute.selectors import (
    current_prices,
    data_centre_of_user,
    hold_at_data_centre,
    voucher_at_data_centre,
    voucher_for_slurm_mapping,
    vouchers_usable_at,
)
from kivoucher.compute.services import ingest
from kivoucher.compute.services.applications import (
    compute_application_approve,
    compute_application_decide_exception,
    compute_application_review,
    compute_application_submit,
)
from kivoucher.compute.services.change_requests import (
    compute_change_request_decide,
    compute_change_request_review,
    compute_change_request_submit,
    compute_change_request_withdraw,
)
from kivoucher.compute.services.holds import (
    compute_hold_create,
    compute_hold_release,
    compute_hold_settle,
)
from kivoucher.compute.services.imports import accounting_import, sacct_import
from kivoucher.compute.services.ingest import IngestOutcome, usage_ingest
from kivoucher.compute.services.onboarding import (
    credential_add,
    data_centre_onboard,
    evidence_verify,
    pinned_key_add,
)
from kivoucher.compute.services.pricing import price_list_publish
from kivoucher.compute.services.reports import final_report_submit
from kivoucher.compute.services.settlement import (
    statement_approve,
    statement_create,
)
from kivoucher.compute.services.settlement_invoices import (
    data_centre_self_billing_consent_set,
    settlement_invoice_submit,
)
from kivoucher.compute.services.vouchers import compute_voucher_set_slurm_account
from kivoucher.core.api_errors import api_errors
from kivoucher.core.errors import DomainError, PermissionDenied
from kivoucher.core.uploads import XML, upload_check
from kivoucher.einvoices.schemas import einvoice_validation_out
from kivoucher.organizations.models import Organisation
from kivoucher.organizations.selectors import organisation_of_user
from kivoucher.programmes.models import Line
from kivoucher.programmes.selectors import calls_open

router = Router()


class PriceOut(Schema):
    resource: str
    unit: str
    price: str


class ComputeVoucherOut(Schema):
    code: str
    status: str = Field(description="active, exhausted (used up), expired or cancelled.")
    value: str
    balance: str
    valid_until: str
    slurm_account: str | None = Field(
        description="The Slurm account mapped to the voucher (null: none yet)."
    )
    slurm_users: list[str] = Field(
        description="The POSIX user names to associate with the Slurm account, sorted."
    )


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
    id: str = Field(max_length=200)
    voucher: str = Field(max_length=200)
    amount: Decimal


class HoldOut(Schema):
    id: str
    voucher: str
    amount: str
    status: str


class SlurmAccountIn(Schema):
    model_config = {"extra": "forbid"}
    account: str = Field(
        max_length=200,
        description="The Slurm account: a lower-case letter first, then lower-case letters, "
        "digits, '_' and '-', at most 64 characters (sacctmgr stores account names in lower "
        "case). Unique per data centre. An empty string removes the mapping (and the users).",
    )
    users: list[Annotated[str, Field(max_length=200)]] = Field(
        default_factory=list,
        description="The Slurm (POSIX) user names of the company's people: each a lower-case "
        "letter or '_' first, then lower-case letters, digits, '_' and '-', at most 32 "
        "characters; at most 100, none twice. Missing: none (the list is replaced).",
    )


def _data_centre(request, organisation: bool = True) -> DataCentre:
    dc = data_centre_of_user(user=request.user, organisation=organisation)
    if dc is None:
        ingest.refuse_non_operator()
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
        "slurm_account": voucher.slurm_account or None,
        "slurm_users": list(voucher.slurm_users or []),
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


@router.get(
    "/vouchers",
    response={200: list[ComputeVoucherOut], **api_errors(401, 403)},
    summary="Vouchers redeemable here",
)
def vouchers(request):
    """Exactly the vouchers that can be used at the caller's data centre now: status
    `active` (not used up, expired or cancelled), issued and within their validity
    (`valid_until` inclusive). While the data centre's Gaia-X evidence has lapsed (or
    its expiry has passed) the list is empty: no voucher may be used then. The Slurm
    site agent gives exactly the accounts of these vouchers a limit above zero and sets
    every other account it manages to zero."""
    dc = _data_centre(request)
    return [voucher_out(v) for v in vouchers_usable_at(data_centre=dc)]


@router.get(
    "/vouchers/{code}",
    response={200: ComputeVoucherOut, **api_errors(401, 403, 404)},
    summary="One voucher and its balance",
)
def voucher(request, code: str):
    """Any voucher issued for the caller's data centre, in whatever status (another
    data centre's voucher is a 404)."""
    return voucher_out(voucher_at_data_centre(data_centre=_data_centre(request), code=code))


@router.put(
    "/vouchers/{code}/slurm-account",
    response={200: ComputeVoucherOut, **api_errors(400, 401, 403, 404, 409, 422)},
    summary="Map a Slurm account and its users",
)
def voucher_slurm_account(request, code: str, payload: SlurmAccountIn):
    """The data centre's operators and the members of the company holding the voucher
    set its Slurm account and the users associated with it (the whole list is
    replaced). An invalid name is 400 (`invalid_slurm_account`, `invalid_slurm_user`,
    `duplicate_slurm_user`, `too_many_slurm_users`, `too_long`); an account already
    mapped to another voucher of the data centre is 409 `slurm_account_taken`."""
    voucher = voucher_for_slurm_mapping(user=request.user, code=code)
    compute_voucher_set_slurm_account(
        actor=request.user, voucher=voucher, slurm_account=payload.account, users=payload.users
    )
    return voucher_out(voucher)


def _refuse_too_many(records: list) -> None:
    if len(records) > ingest.MAX_RECORDS:
        raise DomainError(
            _("At most %(n)s records per request.")
            % {"n": number_format(ingest.MAX_RECORDS, force_grouping=True)},
            code="too_many_records",
            status=413,
        )


@router.post("/usage", response=UsageOut, summary="Report usage records (up to 10,000)")
def usage(request, payload: UsageIn):
    ingest.operator_check(request.user)  # refused before a batch too large is
    _refuse_too_many(payload.records)
    # The operator's data centre is read with the vouchers (one statement).
    outcome = usage_ingest(operator=request.user, records=payload.records, actor=request.user)
    return _results(outcome)


def _text_body(media_types: list[str], description: str) -> dict:
    return {
        "requestBody": {
            "required": True,
            "description": description,
            # A body without files: Django refuses more than DATA_UPLOAD_MAX_MEMORY_SIZE (413).
            "content": {
                m: {"schema": {"type": "string", "maxLength": settings.DATA_UPLOAD_MAX_MEMORY_SIZE}}
                for m in media_types
            },
        }
    }


ACCOUNTING_DESCRIPTION = (
    "One result per record of the file, in the file's order, as `POST /usage` answers. "
    "Record ids are stable per record (a re-import is `duplicate` and charges nothing "
    "twice). Records the platform cannot map are `rejected` with a reason besides the "
    "usage API's: `malformed_record`, `unsupported_record` (no usage that is charged), "
    "`not_finished`, `no_usage`, `ambiguous_user` (and `unknown_voucher`, "
    "`unknown_resource`, `invalid_quantity`). The voucher is the one whose Slurm account "
    "or code is the record's project, VO, group or local user, or whose Slurm users name "
    "the local user. A body that is not of the format, or holds no record, is 400 "
    "(`{code}`, `no_records`); more than 10,000 records are 413 `too_many_records`."
)


@router.post(
    "/usage/apel",
    response={200: UsageOut, **api_errors(400, 401, 403, 413)},
    summary="Report usage as an EGI APEL accounting message",
    description="The body is an APEL message as text: `APEL-individual-job-message`, "
    "`APEL-summary-job-message` / `APEL-normalised-summary-message` (per month) in their "
    "`Key: value` form, or an `APEL-accelerator-message` (JSON; GPU records are charged "
    "in GPU hours: AvailableDuration × Count). Job and summary records are charged in "
    "core hours (WallDuration × Processors). " + ACCOUNTING_DESCRIPTION.format(code="not_apel"),
    openapi_extra=_text_body(["text/plain", "application/json"], "The APEL message."),
)
def usage_apel(request):
    return _accounting(request, "apel", "apel-message")


@router.post(
    "/usage/ogf-ur",
    response={200: UsageOut, **api_errors(400, 401, 403, 413)},
    summary="Report usage as an OGF Usage Record 1.0 document",
    description="The body is an OGF UR 1.0 document (a `JobUsageRecord` or `UsageRecord`, "
    "or a `UsageRecords` container; also the UR-WG draft namespace and EMI CAR 1.2). "
    "Each record is charged in core hours: WallDuration × Processors. "
    + ACCOUNTING_DESCRIPTION.format(code="not_usage_record"),
    openapi_extra=_text_body(["application/xml", "text/xml"], "The usage record document."),
)
def usage_ogf_ur(request):
    return _accounting(request, "ogf_ur", "usage-record.xml")


def _accounting(request, fmt: str, filename: str) -> HttpResponse:
    dc, _payable = ingest.operator_data_centre(request.user)
    body = request.body
    summary = accounting_import(
        actor=request.user, data_centre=dc, fmt=fmt, data=body, filename=filename
    )
    body = {"results": [r.as_dict() for r in summary.results]}
    return HttpResponse(json.dumps(body), content_type="application/json")


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
    return Status(201, hold_out(hold))


@router.get("/holds/{hold_id}", response=HoldOut, summary="One hold")
def hold_get(request, hold_id: str):
    return hold_out(hold_at_data_centre(data_centre=_data_centre(request), hold_id=hold_id))


@router.post(
    "/holds/{hold_id}/settle", response=UsageOut, summary="Settle a hold with the job's usage"
)
def hold_settle(request, hold_id: str, payload: UsageIn):
    dc = _data_centre(request)
    _refuse_too_many(payload.records)
    hold = hold_at_data_centre(data_centre=dc, hold_id=hold_id)
    return _results(compute_hold_settle(actor=request.user, hold=hold, records=payload.records))


@router.post("/holds/{hold_id}/release", response=HoldOut, summary="Release a hold unused")
def hold_release(request, hold_id: str):
    hold = hold_at_data_centre(data_centre=_data_centre(request), hold_id=hold_id)
    return hold_out(compute_hold_release(actor=request.user, hold=hold))


class PriceItemIn(Schema):
    model_config = {"extra": "forbid"}
    resource: str = Field(max_length=200)
    unit: str = Field(max_length=200)
    price: Decimal
    slurm_tres: str = Field("", max_length=200)


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
    return Status(
        201,
        {
            "version": version.version,
            "valid_from": version.valid_from,
            "items": [
                {"resource": i.resource, "unit": i.unit, "price": format_price(i.price)}
                for i in version.items.order_by("resource")
            ],
        },
    )


class CredentialIn(Schema):
    model_config = {"extra": "forbid"}
    kind: str = Field(max_length=200)
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
    return Status(201, verification_out(dc, verification))


@router.get("/verification", response=VerificationOut, summary="The latest evidence verification")
def verification(request):
    dc = _data_centre(request)
    latest = dc.verifications.first()
    if latest is None:
        latest = evidence_verify(actor=request.user, data_centre=dc)
        dc.refresh_from_db()
    return verification_out(dc, latest)


# --- Applications, statements and reports: every step of the UI, also in the API ---


class ComputeDataCentreChoiceOut(Schema):
    code: str = Field(description="What an application's `data_centre` takes.")
    name: str
    location: str
    evidence: str = Field(
        description="The Gaia-X evidence: unverified, valid, expiring (valid, expiring soon) "
        "or lapsed."
    )
    evidence_expires_at: datetime | None
    accepts_applications: bool = Field(
        description="True while the Gaia-X evidence is valid: only then may an application "
        "name this data centre (else 409 data_centre_suspended)."
    )
    gpu_hour_prices: list[PriceOut] = Field(
        description="The current prices per GPU hour (EUR, decimal strings), cheapest first."
    )


@router.get(
    "/data-centres",
    response={200: list[ComputeDataCentreChoiceOut], **api_errors(401)},
    summary="The data centres an applicant can choose, with their Gaia-X status and GPU prices",
)
def data_centre_choices(request):
    data_centres = list(selectors.data_centres_for_applicants())
    prices = selectors.gpu_hour_prices(data_centres=data_centres)
    return [
        {
            "code": dc.code,
            "name": dc.organisation.name,
            "location": f"{dc.location_city}, {dc.location_country}",
            "evidence": dc.evidence_status,
            "evidence_expires_at": dc.evidence_expires_at,
            "accepts_applications": dc.accepts_new_vouchers,
            "gpu_hour_prices": [
                {"resource": i.resource, "unit": i.unit, "price": format_price(i.price)}
                for i in prices.get(dc.pk, [])
            ],
        }
        for dc in data_centres
    ]


class ComputeApplicationIn(Schema):
    model_config = {"extra": "forbid"}
    data_centre: str = Field(
        max_length=200,
        description="The `code` of a data centre from GET /api/v1/compute/data-centres "
        "whose `accepts_applications` is true.",
    )
    project_description: str = Field(max_length=10_000)
    gpu_type: str = Field(max_length=64)
    gpu_hours: Decimal
    storage_tb: Decimal = Decimal(0)
    period_start: date
    period_end: date
    not_in_difficulty: bool
    exception_justification: str = Field("", max_length=5_000)
    # The company's figures, updated with the application (optional, as on the form;
    # checked by the model like the other amounts: 400 with `fields`).
    employees: int | None = None
    annual_turnover: Decimal | None = None
    balance_sheet_total: Decimal | None = None


class ComputeApplicationOut(Schema):
    id: int
    organisation: str
    status: str
    data_centre: str
    eligible: bool
    earlier_vouchers: list[dict]
    voucher: str | None


class ComputeReviewIn(Schema):
    model_config = {"extra": "forbid"}
    recommend: bool
    note: str = Field(max_length=5_000)


class ComputeDecisionIn(Schema):
    model_config = {"extra": "forbid"}
    approve: bool
    note: str = Field("", max_length=5_000)


class ComputeExceptionIn(Schema):
    model_config = {"extra": "forbid"}
    grant: bool
    reason: str = Field(max_length=5_000)


# What a staff step on an application can answer besides its result.
DECISION_ERRORS = api_errors(400, 401, 403, 404, 409, 422)


def application_out(application) -> dict:
    approved = application.status == ComputeApplication.Status.APPROVED
    voucher = application.voucher if approved else None
    return {
        "id": application.pk,
        "organisation": application.organisation.name,
        "status": application.status,
        "data_centre": application.preferred_data_centre.code,
        "eligible": bool(application.eligibility.get("passed")),
        "earlier_vouchers": application.earlier_vouchers,
        "voucher": voucher.code if voucher else None,
    }


@router.post(
    "/applications",
    response={201: ComputeApplicationOut, **api_errors(400, 401, 403, 404, 409, 422)},
    summary="Apply (one form)",
)
def application_submit(request, payload: ComputeApplicationIn):
    org = organisation_of_user(user=request.user, kind=Organisation.Kind.COMPANY)
    if org is None:
        raise PermissionDenied(_("Only companies apply for compute vouchers."))
    call = calls_open(line=Line.COMPUTE).first()
    if call is None:
        raise DomainError(_("No compute voucher call is open."), code="call_closed", status=409)
    # Applicants choose any onboarded data centre (they are public partners).
    dc = selectors.data_centre_by_code(code=payload.data_centre)
    application = compute_application_submit(
        actor=request.user,
        organisation=org,
        call=call,
        **payload.dict(exclude={"data_centre"}),
        data_centre=dc,
    )
    return Status(201, application_out(application))


@router.get(
    "/applications/{pk}",
    response={200: ComputeApplicationOut, **api_errors(401, 404)},
    summary="One application",
)
def application_get(request, pk: int):
    return application_out(selectors.application_get_for_user(user=request.user, pk=pk))


@router.post(
    "/applications/{pk}/review",
    response={200: ComputeApplicationOut, **DECISION_ERRORS},
    summary="Caseworker review",
)
def application_review(request, pk: int, payload: ComputeReviewIn):
    application = selectors.application_get_for_user(user=request.user, pk=pk)
    return application_out(
        compute_application_review(
            actor=request.user,
            application=application,
            recommend=payload.recommend,
            note=payload.note,
        )
    )


@router.post(
    "/applications/{pk}/decision",
    response={200: ComputeApplicationOut, **DECISION_ERRORS},
    summary="Four-eyes approval",
)
def application_decision(request, pk: int, payload: ComputeDecisionIn):
    application = selectors.application_get_for_user(user=request.user, pk=pk)
    application = compute_application_approve(
        actor=request.user, application=application, approve=payload.approve, note=payload.note
    )
    return application_out(application)


@router.post(
    "/applications/{pk}/exception",
    response={200: ComputeApplicationOut, **DECISION_ERRORS},
    summary="Programme admin: is a further voucher justified?",
)
def application_exception(request, pk: int, payload: ComputeExceptionIn):
    application = selectors.application_get_for_user(user=request.user, pk=pk)
    return application_out(
        compute_application_decide_exception(
            actor=request.user, application=application, grant=payload.grant, reason=payload.reason
        )
    )


class StatementIn(Schema):
    model_config = {"extra": "forbid"}
    data_centre: str = Field(max_length=200)
    period_start: date
    period_end: date


class SettlementEinvoiceFindingOut(Schema):
    rule_id: str = Field(description="The rule's id, e.g. BR-CO-16, BR-DE-15")
    severity: str = Field(description="fatal | warning | information")
    text: str = Field(description="The rule's own text (EN 16931: English, BR-DE: German)")
    location: str = Field(description="Where in the invoice (XPath)")
    explanation: str = Field(description="German explanation for a bookkeeper")


class SettlementEinvoiceValidationOut(Schema):
    syntax: str = Field(description="UBL | CII")
    is_xrechnung: bool = Field(description="It claims XRechnung: its rules were applied too")
    customization_id: str
    findings: list[SettlementEinvoiceFindingOut]


class SettlementInvoiceOut(Schema):
    id: int
    number: str
    date: date | None
    self_billed: bool = Field(description="The programme's self-billing invoice (Gutschrift)")
    type_code: str
    syntax: str
    net: str
    vat: str
    payable: str = Field(description="Amount due (BT-115) = the statement's total = the payout")
    submitted_at: datetime
    einvoice_validation: SettlementEinvoiceValidationOut | None


class StatementOut(Schema):
    id: int
    data_centre: str
    period_start: date
    period_end: date
    status: str = Field(description="draft | approved (awaiting the invoice) | invoiced")
    total: str
    records: int
    reference: str = Field(description="The buyer reference (BT-10) its invoice must carry")
    invoice: SettlementInvoiceOut | None = None
    payout: int | None = Field(None, description="The payout prepared from the invoice")


def settlement_invoice_out(invoice) -> dict:
    return {
        "id": invoice.pk,
        "number": invoice.invoice_number,
        "date": invoice.invoice_date,
        "self_billed": invoice.self_billed,
        "type_code": invoice.type_code,
        "syntax": invoice.syntax,
        "net": f"{invoice.net:.2f}",
        "vat": f"{invoice.vat:.2f}",
        "payable": f"{invoice.payable:.2f}",
        "submitted_at": invoice.submitted_at,
        "einvoice_validation": einvoice_validation_out(invoice.einvoice_validation),
    }


def statement_out(s) -> dict:
    invoice = getattr(s, "invoice", None)
    return {
        "id": s.pk,
        "data_centre": s.data_centre.code,
        "period_start": s.period_start,
        "period_end": s.period_end,
        "status": s.status,
        "total": f"{s.total:.2f}",
        "records": s.record_count,
        "reference": s.reference,
        "invoice": settlement_invoice_out(invoice) if invoice else None,
        "payout": s.payout_id,
    }


@router.get("/statements", response=list[StatementOut], summary="Settlement statements")
def statements(request):
    return [statement_out(s) for s in selectors.statements_for_user(user=request.user)]


@router.post("/statements", response={201: StatementOut}, summary="Staff: settle a period")
def statement_new(request, payload: StatementIn):
    if not request.user.may_act_as_staff:
        raise PermissionDenied(_("Only programme staff may do this."))
    dc = selectors.data_centre_get_for_user(user=request.user, code=payload.data_centre)
    statement = statement_create(
        actor=request.user,
        data_centre=dc,
        period_start=payload.period_start,
        period_end=payload.period_end,
    )
    return Status(201, statement_out(statement))


@router.post(
    "/statements/{pk}/approve", response=StatementOut, summary="Staff: approve and pay (SEPA)"
)
def statement_pay(request, pk: int):
    statement = selectors.statement_get_for_user(user=request.user, pk=pk)
    return statement_out(statement_approve(actor=request.user, statement=statement))


@router.post(
    "/statements/{pk}/invoice",
    response={201: StatementOut, **api_errors(400, 401, 403, 404, 409, 422)},
    summary="Data centre: invoice an approved statement (XRechnung, UBL or CII, as `invoice`)",
    description="The invoice is checked against EN 16931 and the XRechnung rules (400 "
    "`einvoice_invalid` naming each broken rule) and matched to the statement line by line "
    "(400 `invoice_mismatch` listing every difference): buyer reference (BT-10) = the "
    "statement's `reference`; one line per voucher and resource with the voucher code as "
    "buyer accounting reference (BT-133), the resource as the item's seller identifier "
    "(BT-155), the summed quantity, and net plus VAT = the summed charged amount; amount "
    "due (BT-115) = the statement's total. The payout is prepared from it.",
)
def statement_invoice(request, pk: int, invoice: File[UploadedFile]):
    statement = selectors.statement_get_for_user(user=request.user, pk=pk)
    checked = upload_check(invoice, allowed=(XML,))
    settlement_invoice_submit(
        actor=request.user, statement=statement, xml=checked.content, name=checked.original_name
    )
    return Status(201, statement_out(selectors.statement_get_for_user(user=request.user, pk=pk)))


@router.get("/statements/{pk}/invoice/file", summary="The stored invoice of a statement (XML)")
def statement_invoice_file(request, pk: int):
    return selectors.settlement_invoice_get_for_user(user=request.user, pk=pk).response()


class ReportIn(Schema):
    model_config = {"extra": "forbid"}
    text: str = Field(max_length=10_000)


class ReportOut(Schema):
    id: int = Field(description="What POST /api/v1/compute/reports/{id} takes.")
    voucher: str
    status: str
    due_on: date
    usage_summary: dict


def report_out(report) -> dict:
    return {
        "id": report.pk,
        "voucher": report.voucher.code,
        "status": report.status,
        "due_on": report.due_on,
        "usage_summary": report.usage_summary,
    }


@router.get(
    "/reports",
    response={200: list[ReportOut], **api_errors(401)},
    summary="Final reports: a company's own (staff: all), due ones first",
)
def reports(request):
    found = selectors.reports_for_user(user=request.user).order_by("status", "due_on", "pk")
    return [report_out(r) for r in found]


@router.post(
    "/reports/{pk}",
    response={200: ReportOut, **api_errors(400, 401, 403, 404, 409, 422)},
    summary="Submit the final report",
)
def report_submit(request, pk: int, payload: ReportIn):
    report = selectors.report_get_for_user(user=request.user, pk=pk)
    return report_out(final_report_submit(actor=request.user, report=report, text=payload.text))


class KeyIn(Schema):
    model_config = {"extra": "forbid"}
    kid: str = Field(max_length=200)
    jwk: dict


class OnboardIn(Schema):
    model_config = {"extra": "forbid"}
    organisation: int
    code: str = Field(max_length=200)
    location_city: str = Field(max_length=200)
    location_country: str = Field(max_length=200)
    operator_name: str = Field(max_length=200)
    contact_name: str = Field("", max_length=200)
    contact_email: str = Field("", max_length=254)
    contact_phone: str = Field("", max_length=200)
    participant_id: str = Field("", max_length=200)
    keys: list[KeyIn] = []


class DataCentreOut(Schema):
    code: str
    organisation: str
    location: str
    evidence: str
    keys: list[str]
    self_billing_consent: bool = Field(
        description="The data centre lets the programme issue its invoices (Gutschrift)"
    )
    self_billing_consent_at: datetime | None


def data_centre_out(dc: DataCentre) -> dict:
    return {
        "code": dc.code,
        "organisation": dc.organisation.name,
        "location": f"{dc.location_city}, {dc.location_country}",
        "evidence": dc.evidence_status,
        "keys": list(dc.keys.order_by("pk").values_list("kid", flat=True)),
        "self_billing_consent": dc.self_billing_consent,
        "self_billing_consent_at": dc.self_billing_consent_at,
    }


class SelfBillingConsentIn(Schema):
    model_config = {"extra": "forbid"}
    consent: bool


@router.put(
    "/data-centres/{code}/self-billing-consent",
    response={200: DataCentreOut, **api_errors(401, 403, 404, 422)},
    summary="Data centre: consent to (or withdraw) self-billing invoices (Gutschrift)",
)
def data_centre_self_billing_consent(request, code: str, payload: SelfBillingConsentIn):
    dc = selectors.data_centre_get_for_user(user=request.user, code=code)
    dc = data_centre_self_billing_consent_set(
        actor=request.user, data_centre=dc, consent=payload.consent
    )
    return data_centre_out(dc)


@router.post(
    "/data-centres",
    response={201: DataCentreOut},
    summary="Staff: onboard a data centre and pin its (and its clearing house's) keys",
)
def data_centre_onboard_api(request, payload: OnboardIn):
    if not request.user.may_act_as_staff:
        raise PermissionDenied(_("Only programme staff may do this."))
    from kivoucher.organizations.selectors import organisation_get_for_user

    org = organisation_get_for_user(user=request.user, pk=payload.organisation)
    dc = data_centre_onboard(
        actor=request.user,
        organisation=org,
        keys=[(key.kid, key.jwk) for key in payload.keys],
        **payload.dict(exclude={"organisation", "keys"}),
    )
    return Status(201, data_centre_out(dc))


@router.post(
    "/data-centres/{code}/keys",
    response={201: DataCentreOut},
    summary="Staff: pin a further key (e.g. a renewed clearing-house key)",
)
def data_centre_key_add(request, code: str, payload: KeyIn):
    if not request.user.may_act_as_staff:
        raise PermissionDenied(_("Only programme staff may do this."))
    dc = selectors.data_centre_get_for_user(user=request.user, code=code)
    pinned_key_add(actor=request.user, data_centre=dc, kid=payload.kid, jwk=payload.jwk)
    return Status(201, data_centre_out(dc))


class SacctOut(Schema):
    accepted: int
    duplicates: int
    rejected: int
    charged: str
    uncovered: str
    reasons: dict[str, int]
    skipped: dict[str, int]


def sacct_out(summary) -> dict:
    from collections import Counter

    batch = summary.outcome.batch
    return {
        "accepted": batch.accepted,
        "duplicates": batch.duplicates,
        "rejected": batch.rejected,
        "charged": f"{batch.charged:.2f}",
        "uncovered": f"{batch.uncovered:.2f}",
        "reasons": batch.reasons,
        "skipped": dict(Counter(why for _job, why in summary.skipped)),
    }


@router.post(
    "/sacct",
    response=SacctOut,
    summary="Upload Slurm accounting (sacct --parsable2 with a header line)",
)
def sacct_upload(request, file: UploadedFile = File(...)):  # noqa: B008
    dc = _data_centre(request)
    summary = sacct_import(
        actor=request.user, data_centre=dc, file=file, filename=file.name or "upload"
    )
    return sacct_out(summary)


# --- change requests on a compute voucher (the company, caseworkers, approvers) --------


class ComputeChangeRequestIn(Schema):
    model_config = {"extra": "forbid"}
    kind: str = Field(
        max_length=20,
        description="`extension` (with `months`) or `data_centre` (with `data_centre`)",
    )
    reason: str = Field(max_length=5_000, description="Why the change is needed")
    months: int | None = Field(
        None, description="extension: months to add (at most the programme's maximum)"
    )
    data_centre: str | None = Field(
        None,
        max_length=50,
        description="data_centre: the code of another data centre (GET /compute/data-centres)",
    )


class ComputeChangeNoteIn(Schema):
    model_config = {"extra": "forbid"}
    note: str = Field("", max_length=5_000)


class ComputeChangeReasonIn(Schema):
    model_config = {"extra": "forbid"}
    reason: str = Field("", max_length=5_000)


class ComputeChangeDecisionIn(Schema):
    model_config = {"extra": "forbid"}
    approve: bool
    note: str = Field("", max_length=5_000, description="Reasons (needed for a rejection)")


class ComputeChangeRequestOut(Schema):
    id: int
    reference: str
    voucher: str
    kind: str
    status: str
    reason: str
    months: int | None
    data_centre: str | None = Field(description="The new data centre's code")
    before: dict = Field(description="The voucher's figures before the decision")
    after: dict = Field(description="The voucher's figures after the decision")
    submitted_at: datetime
    reviewed_at: datetime | None
    review_note: str
    decided_at: datetime | None
    decision_note: str
    notice: str | None = Field(description="URL of the notice (PDF), once decided")


def _change_out(cr) -> dict:
    from kivoucher.compute.models import ComputeChangeNotice

    try:
        has_notice = cr.notice is not None
    except ComputeChangeNotice.DoesNotExist:
        has_notice = False
    return {
        **{f: getattr(cr, f) for f in ComputeChangeRequestOut.model_fields if hasattr(cr, f)},
        "voucher": cr.voucher.code,
        "data_centre": cr.data_centre.code if cr.data_centre_id else None,
        "notice": f"/api/v1/compute/change-requests/{cr.pk}/notice.pdf" if has_notice else None,
    }


@router.get(
    "/vouchers/{code}/change-requests",
    response={200: list[ComputeChangeRequestOut], **api_errors(401, 404)},
    summary="The compute voucher's change requests, newest first",
)
def voucher_change_requests(request, code: str):
    voucher = selectors.voucher_get_for_user(user=request.user, code=code)
    return [_change_out(cr) for cr in selectors.change_requests_of_voucher(voucher=voucher)]


@router.post(
    "/vouchers/{code}/change-requests",
    response={201: ComputeChangeRequestOut, **DECISION_ERRORS},
    summary="Ask for a change of the compute voucher (the company)",
)
def voucher_change_request_submit(request, code: str, payload: ComputeChangeRequestIn):
    voucher = selectors.voucher_get_for_user(user=request.user, code=code)
    data_centre = None
    if payload.data_centre is not None:
        data_centre = DataCentre.objects.filter(code=payload.data_centre).first()
        if data_centre is None:
            raise DomainError(
                _("There is no data centre %(code)s.") % {"code": payload.data_centre[:50]},
                code="invalid_data_centre",
                status=422,
            )
    cr = compute_change_request_submit(
        actor=request.user,
        voucher=voucher,
        kind=payload.kind,
        reason=payload.reason,
        months=payload.months,
        data_centre=data_centre,
    )
    return Status(201, _change_out(cr))


@router.get(
    "/change-requests/{cr_id}",
    response={200: ComputeChangeRequestOut, **api_errors(401, 404)},
    summary="A change request of a compute voucher",
)
def change_request_get(request, cr_id: int):
    return _change_out(selectors.change_request_get_for_user(user=request.user, pk=cr_id))


@router.post(
    "/change-requests/{cr_id}/review",
    response={200: ComputeChangeRequestOut, **DECISION_ERRORS},
    summary="Review a change request (caseworker, with a note)",
)
def change_request_review(request, cr_id: int, payload: ComputeChangeNoteIn):
    cr = selectors.change_request_get_for_user(user=request.user, pk=cr_id)
    return _change_out(
        compute_change_request_review(actor=request.user, change_request=cr, note=payload.note)
    )


@router.post(
    "/change-requests/{cr_id}/decide",
    response={200: ComputeChangeRequestOut, **DECISION_ERRORS},
    summary="Decide a reviewed change request (four-eyes); issues the notice",
)
def change_request_decide(request, cr_id: int, payload: ComputeChangeDecisionIn):
    cr = selectors.change_request_get_for_user(user=request.user, pk=cr_id)
    cr = compute_change_request_decide(
        actor=request.user, change_request=cr, approve=payload.approve, note=payload.note
    )
    return _change_out(selectors.change_request_get_for_user(user=request.user, pk=cr.pk))


@router.post(
    "/change-requests/{cr_id}/withdraw",
    response={200: ComputeChangeRequestOut, **DECISION_ERRORS},
    summary="Withdraw a change request before its decision (the company)",
)
def change_request_withdraw(request, cr_id: int, payload: ComputeChangeReasonIn):
    cr = selectors.change_request_get_for_user(user=request.user, pk=cr_id)
    return _change_out(
        compute_change_request_withdraw(
            actor=request.user, change_request=cr, reason=payload.reason
        )
    )


@router.get(
    "/change-requests/{cr_id}/notice.pdf",
    summary="The notice on a decided change request (PDF, German)",
)
def change_request_notice(request, cr_id: int):
    cr = selectors.change_request_get_for_user(user=request.user, pk=cr_id)
    return selectors.change_notice_of(change_request=cr).response()
