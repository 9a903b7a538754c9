"""Recovery cases (Rückforderung), objections and receivables (/api/v1/recovery)."""

from datetime import date, datetime
from decimal import Decimal

from ninja import Field, Router, Schema, Status

from kivoucher.core.api_errors import api_errors
from kivoucher.core.errors import NotFound
from kivoucher.recovery.models import Objection, Receivable, RecoveryCase
from kivoucher.recovery.selectors import (
    receivables_for_user,
    recovery_case_get_for_user,
    recovery_cases_for_user,
)
from kivoucher.recovery.services import (
    objection_deadline,
    objection_decide,
    objection_file,
    recovery_answer_record,
    recovery_case_start,
    recovery_decide,
    recovery_hearing_send,
)

router = Router()


class ReceivableOut(Schema):
    id: int
    reference: str = Field(description="Put this into the remittance information.")
    organisation: int
    kind: str
    origin: str
    status: str = Field(description="open (also when partly repaid), paid, written_off")
    amount: Decimal = Field(description="Principal as it stands.")
    interest: Decimal
    amount_repaid: Decimal
    amount_written_off: Decimal
    outstanding: Decimal
    created_at: datetime
    closed_at: datetime | None

    @staticmethod
    def resolve_organisation(obj: Receivable) -> int:
        return obj.organisation_id


class ObjectionOut(Schema):
    filed_on: date
    reason: str
    status: str = Field(description="filed, upheld, partly_upheld, rejected")
    decided_on: date | None
    decision_reason: str
    amount_after: Decimal | None


class RecoveryCaseOut(Schema):
    id: int
    organisation: int
    origin: str
    origin_label: str
    status: str = Field(description="started, hearing, answered, decided, dropped")
    granted: Decimal
    amount: Decimal = Field(description="The principal to be repaid.")
    reason: str
    ineffective_on: date
    hearing_deadline: date | None
    answer: str
    decided_on: date | None
    decision_reason: str
    interest: Decimal = Field(description="§ 49a (3) VwVfG interest up to the decision.")
    interest_detail: dict
    objection_deadline: date | None
    receivable: ReceivableOut | None
    objection: ObjectionOut | None

    @staticmethod
    def resolve_organisation(obj: RecoveryCase) -> int:
        return obj.organisation_id

    @staticmethod
    def resolve_objection_deadline(obj: RecoveryCase) -> date | None:
        return objection_deadline(obj)

    @staticmethod
    def resolve_objection(obj: RecoveryCase) -> Objection | None:
        return getattr(obj, "objection", None) if _has_objection(obj) else None


def _has_objection(case: RecoveryCase) -> bool:
    try:
        case.objection  # noqa: B018
    except Objection.DoesNotExist:
        return False
    return True


class RecoveryCaseIn(Schema):
    origin: str = Field(max_length=120, description='"voucher:<code>" or "compute_voucher:<code>"')
    reason: str = Field(max_length=10_000)
    amount: Decimal | None = Field(
        None, description="The part to recover; omitted: all that was paid (else the grant)."
    )
    ineffective_on: date = Field(description="The day the grant became ineffective.")


class HearingIn(Schema):
    deadline: date | None = Field(None, description="Answer by; four weeks when omitted.")


class AnswerIn(Schema):
    answer: str = Field(max_length=20_000)


class RecoveryDecideIn(Schema):
    recover: bool = Field(description="true: demand the money back; false: drop the case")
    reason: str = Field(max_length=10_000)
    amount: Decimal | None = Field(None, description="Lower than the hearing's amount.")


class ObjectionIn(Schema):
    reason: str = Field(max_length=20_000)
    filed_on: date | None = Field(None, description="Staff only: the day it was received.")


class ObjectionDecideIn(Schema):
    outcome: str = Field(max_length=20, description="upheld, partly_upheld or rejected")
    reason: str = Field(max_length=10_000)
    amount: Decimal | None = Field(None, description="partly_upheld: the principal that stays.")


def _case(request, case_id: int) -> RecoveryCase:
    return recovery_case_get_for_user(user=request.user, pk=case_id)


def _fresh(request, case_id: int) -> RecoveryCase:
    return _case(request, case_id)


@router.get("/cases", response=list[RecoveryCaseOut], summary="Recovery cases the caller may see")
def list_cases(request, status: str | None = None):
    cases = recovery_cases_for_user(user=request.user)
    if status:
        cases = cases.filter(status=status)
    return cases[:500]


@router.post(
    "/cases",
    response={201: RecoveryCaseOut, **api_errors(400, 403, 409, 422)},
    summary="Start a recovery of a grant (programme admins)",
)
def start_case(request, payload: RecoveryCaseIn):
    case = recovery_case_start(
        actor=request.user,
        origin=payload.origin,
        reason=payload.reason,
        amount=payload.amount,
        ineffective_on=payload.ineffective_on,
    )
    return Status(201, _fresh(request, case.pk))


@router.get("/cases/{case_id}", response={200: RecoveryCaseOut, **api_errors(404)})
def get_case(request, case_id: int):
    return _case(request, case_id)


@router.post(
    "/cases/{case_id}/hearing",
    response={200: RecoveryCaseOut, **api_errors(400, 403, 404, 409, 422)},
    summary="Send the hearing notice with a deadline",
)
def send_hearing(request, case_id: int, payload: HearingIn):
    case = _case(request, case_id)
    recovery_hearing_send(actor=request.user, case=case, deadline=payload.deadline)
    return _fresh(request, case_id)


@router.post(
    "/cases/{case_id}/answer",
    response={200: RecoveryCaseOut, **api_errors(400, 403, 404, 409, 422)},
    summary="Record the company's answer to the hearing",
)
def record_answer(request, case_id: int, payload: AnswerIn):
    case = _case(request, case_id)
    recovery_answer_record(actor=request.user, case=case, answer=payload.answer)
    return _fresh(request, case_id)


@router.post(
    "/cases/{case_id}/decide",
    response={200: RecoveryCaseOut, **api_errors(400, 403, 404, 409, 422)},
    summary="Decide: demand back with interest (a receivable) or drop (a second person)",
)
def decide_case(request, case_id: int, payload: RecoveryDecideIn):
    case = _case(request, case_id)
    recovery_decide(
        actor=request.user,
        case=case,
        recover=payload.recover,
        reason=payload.reason,
        amount=payload.amount,
    )
    return _fresh(request, case_id)


@router.post(
    "/cases/{case_id}/objection",
    response={201: RecoveryCaseOut, **api_errors(400, 403, 404, 409, 422)},
    summary="File an objection (Widerspruch) within one month of the decision",
)
def file_objection(request, case_id: int, payload: ObjectionIn):
    case = _case(request, case_id)
    objection_file(actor=request.user, case=case, reason=payload.reason, filed_on=payload.filed_on)
    return Status(201, _fresh(request, case_id))


@router.post(
    "/cases/{case_id}/objection/decide",
    response={200: RecoveryCaseOut, **api_errors(400, 403, 404, 409, 422)},
    summary="Decide the objection; its outcome is applied to the receivable",
)
def decide_objection(request, case_id: int, payload: ObjectionDecideIn):
    case = _case(request, case_id)
    if not _has_objection(case):
        raise NotFound("No objection was filed.")
    objection_decide(
        actor=request.user,
        objection=case.objection,
        outcome=payload.outcome,
        reason=payload.reason,
        amount=payload.amount,
    )
    return _fresh(request, case_id)


@router.get(
    "/receivables",
    response=list[ReceivableOut],
    summary="Receivables (money owed to the programme) the caller may see",
)
def list_receivables(request, status: str | None = None):
    receivables = receivables_for_user(user=request.user)
    if status:
        receivables = receivables.filter(status=status)
    return receivables[:500]
