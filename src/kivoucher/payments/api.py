"""Payouts (release by a second person, cancellation), SEPA batches, bank statements
and changes of bank details (/api/v1/payments)."""

from datetime import date, datetime
from decimal import Decimal

from django.conf import settings
from ninja import Field, Router, Schema

from kivoucher.core.api_errors import api_errors
from kivoucher.core.errors import DomainError
from kivoucher.payments.models import BankDetailsChange, PaymentBatch, Payout
from kivoucher.payments.selectors import (
    bank_details_change_get_for_user,
    bank_details_changes_for_user,
    batches_for_user,
    payout_get_for_user,
    payouts_for_user,
)
from kivoucher.payments.services import (
    bank_details_change_confirm,
    bank_details_change_reject,
    payout_cancel,
    payout_prepare_again,
    payout_release,
)
from kivoucher.payments.statements import bank_statement_import

router = Router()


class BankDetailsChangeOut(Schema):
    id: int
    organisation: int
    status: str
    old_iban: str
    old_bic: str
    old_account_holder: str
    new_iban: str
    new_bic: str
    new_account_holder: str
    requested_by: int | None
    requested_at: datetime
    decided_by: int | None
    decided_at: datetime | None
    note: str

    @staticmethod
    def resolve_organisation(obj: BankDetailsChange) -> int:
        return obj.organisation_id

    @staticmethod
    def resolve_requested_by(obj: BankDetailsChange) -> int | None:
        return obj.requested_by_id

    @staticmethod
    def resolve_decided_by(obj: BankDetailsChange) -> int | None:
        return obj.decided_by_id


class BankDetailsChangeRef(Schema):
    id: int
    status: str


class BankDetailsRejectIn(Schema):
    note: str = Field(max_length=5_000)


class PayoutOut(Schema):
    id: int
    status: str
    amount: Decimal
    beneficiary: int
    creditor: str
    iban: str
    bic: str
    purpose: str
    origin: str
    end_to_end_id: str
    prepared_by: int | None
    released_by: int | None
    released_at: datetime | None
    batch: str | None
    reason: str
    return_code: str
    created_at: datetime
    paid_at: datetime | None
    held: bool
    bank_details_change: BankDetailsChangeRef | None

    @staticmethod
    def resolve_beneficiary(obj: Payout) -> int:
        return obj.beneficiary_id

    @staticmethod
    def resolve_creditor(obj: Payout) -> str:
        return obj.name

    @staticmethod
    def resolve_purpose(obj: Payout) -> str:
        return obj.remittance

    @staticmethod
    def resolve_prepared_by(obj: Payout) -> int | None:
        return obj.prepared_by_id

    @staticmethod
    def resolve_released_by(obj: Payout) -> int | None:
        return obj.released_by_id

    @staticmethod
    def resolve_batch(obj: Payout) -> str | None:
        return obj.batch.message_id if obj.batch_id else None

    @staticmethod
    def resolve_held(obj: Payout) -> bool:
        return bool(getattr(obj, "held", False))


class PayoutCancelIn(Schema):
    reason: str = Field(max_length=5_000)


class PaymentBatchOut(Schema):
    id: int
    message_id: str
    status: str
    count: int
    total: Decimal
    execution_date: date
    created_at: datetime
    created_by: int | None
    exported_at: datetime | None
    exported_by: int | None
    paid_at: datetime | None

    @staticmethod
    def resolve_created_by(obj: PaymentBatch) -> int | None:
        return obj.created_by_id

    @staticmethod
    def resolve_exported_by(obj: PaymentBatch) -> int | None:
        return obj.exported_by_id


class BankStatementEntryOut(Schema):
    entry_id: str
    kind: str
    result: str
    credit: bool
    amount: Decimal | None
    end_to_end_id: str
    reference: str
    payout: int | None
    message: str


class BankStatementOut(Schema):
    message_id: str
    statement_id: str
    counts: dict[str, int]
    entries: list[BankStatementEntryOut]


PAYOUT_STATUSES = ", ".join(f"`{s}`" for s in Payout.Status.values)


@router.get(
    "/payouts",
    response={200: list[PayoutOut], **api_errors(400)},
    summary="Payouts the caller may see; `held` while the bank details await confirmation",
    description=f"`status` is one of {PAYOUT_STATUSES}.",
)
def list_payouts(request, status: str | None = None, organisation: int | None = None):
    payouts = payouts_for_user(user=request.user)
    if status:
        if status not in Payout.Status.values:
            raise DomainError(f"Unknown status {status[:30]!r}.", code="invalid_status")
        payouts = payouts.filter(status=status)
    if organisation:
        payouts = payouts.filter(beneficiary_id=organisation)
    return payouts.select_related("batch").order_by("-pk")[:500]


@router.get("/payouts/{payout_id}", response={200: PayoutOut, **api_errors(404)})
def get_payout(request, payout_id: int):
    return payout_get_for_user(user=request.user, pk=payout_id)


def _payout_out(payout: Payout, request) -> Payout:
    return payout_get_for_user(user=request.user, pk=payout.pk)


@router.post(
    "/payouts/{payout_id}/release",
    response={200: PayoutOut, **api_errors(403, 404, 409)},
    summary="Release a prepared payout for the next SEPA batch (an approver; 403 "
    "`four_eyes` for the person who prepared it)",
)
def release_payout(request, payout_id: int):
    payout = payout_get_for_user(user=request.user, pk=payout_id)
    return _payout_out(payout_release(actor=request.user, payout=payout), request)


@router.post(
    "/payouts/{payout_id}/cancel",
    response={200: PayoutOut, **api_errors(400, 403, 404, 409)},
    summary="Cancel a prepared, released or returned payout, with reasons; the money goes "
    "back to the account it came from",
)
def cancel_payout(request, payout_id: int, payload: PayoutCancelIn):
    payout = payout_get_for_user(user=request.user, pk=payout_id)
    return _payout_out(
        payout_cancel(actor=request.user, payout=payout, reason=payload.reason), request
    )


@router.post(
    "/payouts/{payout_id}/prepare-again",
    response={200: PayoutOut, **api_errors(403, 404, 409)},
    summary="Prepare a returned payout again to the beneficiary's new bank details",
)
def prepare_payout_again(request, payout_id: int):
    payout = payout_get_for_user(user=request.user, pk=payout_id)
    return _payout_out(payout_prepare_again(actor=request.user, payout=payout), request)


@router.get(
    "/batches",
    response={200: list[PaymentBatchOut], **api_errors(403)},
    summary="SEPA batches (held back, exported, paid, discarded), newest first",
)
def list_batches(request, status: str | None = None):
    batches = batches_for_user(user=request.user)
    if status:
        batches = batches.filter(status=status)
    return batches[:500]


# A body without files: Django refuses more than DATA_UPLOAD_MAX_MEMORY_SIZE (413).
_XML_BODY = {"type": "string", "maxLength": settings.DATA_UPLOAD_MAX_MEMORY_SIZE}


@router.post(
    "/bank-statements",
    response={200: BankStatementOut, **api_errors(400, 403, 413)},
    summary="Import a camt.053 bank statement (the XML as the body, or a multipart `file`)",
    description="Debits with a payout's end-to-end id pay it; returns (with their reason "
    "code) reopen it as `returned`; credits with a programme reference go to their "
    "domain (pre-sale purchases, repayments). Every entry gets a result: `matched`, "
    "`already_matched`, `unknown` or `amount_differs`; nothing is confirmed on a "
    "mismatch, and importing the same statement again changes nothing.",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "application/xml": {"schema": _XML_BODY},
                "text/xml": {"schema": _XML_BODY},
                "multipart/form-data": {
                    "schema": {
                        "type": "object",
                        "properties": {"file": {"type": "string", "format": "binary"}},
                        "required": ["file"],
                    }
                },
            },
        }
    },
)
def import_bank_statement(request):
    if request.content_type == "multipart/form-data":
        upload = request.FILES.get("file")
        if upload is None:
            raise DomainError("Send the statement as the part `file`.", code="file_missing")
        if upload.size > settings.KIVOUCHER_MAX_UPLOAD_BYTES:
            raise DomainError("The statement is too large.", code="too_large", status=413)
        data = upload.read()
    else:
        data = request.body
    if not data.strip():
        raise DomainError("The statement is empty.", code="camt_invalid")
    report = bank_statement_import(actor=request.user, data=data)
    return {
        "message_id": report.message_id,
        "statement_id": report.statement_id,
        "counts": report.counts,
        "entries": [
            {
                "entry_id": e.entry_id,
                "kind": e.kind,
                "result": e.result,
                "credit": e.credit,
                "amount": e.amount,
                "end_to_end_id": e.end_to_end_id,
                "reference": e.reference,
                "payout": e.payout_id,
                "message": e.message,
            }
            for e in report.entries
        ],
    }


@router.get(
    "/bank-details-changes",
    response=list[BankDetailsChangeOut],
    summary="Changes of bank details (pending ones hold the organisation's payouts)",
)
def list_bank_details_changes(request, status: str | None = None, organisation: int | None = None):
    changes = bank_details_changes_for_user(user=request.user)
    if status:
        changes = changes.filter(status=status)
    if organisation:
        changes = changes.filter(organisation_id=organisation)
    return changes[:500]


@router.get(
    "/bank-details-changes/{change_id}", response={200: BankDetailsChangeOut, **api_errors(404)}
)
def get_bank_details_change(request, change_id: int):
    return bank_details_change_get_for_user(user=request.user, pk=change_id)


@router.post(
    "/bank-details-changes/{change_id}/confirm",
    response={200: BankDetailsChangeOut, **api_errors(403, 404, 409)},
    summary="Confirm a change of bank details (a second person: 403 `four_eyes` for its requester)",
)
def confirm_bank_details_change(request, change_id: int):
    change = bank_details_change_get_for_user(user=request.user, pk=change_id)
    return bank_details_change_confirm(actor=request.user, change=change)


@router.post(
    "/bank-details-changes/{change_id}/reject",
    response={200: BankDetailsChangeOut, **api_errors(400, 403, 404, 409)},
    summary="Reject a change of bank details (or withdraw one's own); the old details stay",
)
def reject_bank_details_change(request, change_id: int, payload: BankDetailsRejectIn):
    change = bank_details_change_get_for_user(user=request.user, pk=change_id)
    return bank_details_change_reject(actor=request.user, change=change, note=payload.note)
