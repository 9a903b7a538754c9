"""Payouts and changes of bank details (/api/v1/payments)."""

from datetime import datetime
from decimal import Decimal

from ninja import Field, Router, Schema

from kivoucher.core.api_errors import api_errors
from kivoucher.payments.models import BankDetailsChange, Payout
from kivoucher.payments.selectors import (
    bank_details_change_get_for_user,
    bank_details_changes_for_user,
    payout_get_for_user,
    payouts_for_user,
)
from kivoucher.payments.services import bank_details_change_confirm, bank_details_change_reject

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


@router.get(
    "/payouts",
    response=list[PayoutOut],
    summary="Payouts the caller may see; `held` while the bank details await confirmation",
)
def list_payouts(request, status: str | None = None, organisation: int | None = None):
    payouts = payouts_for_user(user=request.user)
    if status:
        payouts = payouts.filter(status=status)
    if organisation:
        payouts = payouts.filter(beneficiary_id=organisation)
    return payouts.order_by("-pk")[:500]


@router.get("/payouts/{payout_id}", response={200: PayoutOut, **api_errors(404)})
def get_payout(request, payout_id: int):
    return payout_get_for_user(user=request.user, pk=payout_id)


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
