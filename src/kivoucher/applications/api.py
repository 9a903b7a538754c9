"""JSON API of the application lifecycle (/api/v1/applications)."""

from datetime import date, datetime
from decimal import Decimal

from ninja import Field, Router, Schema, Status
from pydantic import StrictInt, StrictStr

from kivoucher.applications import services
from kivoucher.applications.checklists import CHECKLIST
from kivoucher.applications.documents import issued_pdf_response
from kivoucher.applications.eligibility import application_check
from kivoucher.applications.models import Application, Revision
from kivoucher.applications.selectors import (
    age_in_days,
    application_get_for_user,
    application_queue,
    applications_for_user,
    change_notice_of,
    change_request_get_for_user,
    change_requests_of_voucher,
    reviews_with_checklist,
    voucher_get_for_user,
    voucher_summaries_for_user,
)
from kivoucher.applications.services.change_requests import (
    change_request_decide,
    change_request_review,
    change_request_submit,
    change_request_withdraw,
)
from kivoucher.core.api_errors import api_errors
from kivoucher.core.audit import audit_history
from kivoucher.core.errors import DomainError, NotFound, PermissionDenied
from kivoucher.organizations.models import Organisation
from kivoucher.organizations.selectors import organisation_get_for_user, organisation_of_user
from kivoucher.programmes.models import Call, ProjectCategory

router = Router()
Money = StrictStr | StrictInt

# The error answers ({"code", "message"}) operations document next to their result.
READ_ERRORS = api_errors(401, 404)
WRITE_ERRORS = api_errors(400, 401, 403, 404, 409, 422)

PROVIDER_DESCRIPTION = (
    "The provider's organisation id: `organisation_id` of an entry of the provider "
    "directory (GET /api/v1/providers). Only a provider accredited for the call's "
    "programme is accepted (else 422 `invalid_provider`)."
)
TIES_DESCRIPTION = (
    "Ownership, personal or business ties with the provider, described; empty (or "
    "an answer meaning none, such as 'keine' or '-') if there are none. Any "
    "description counts as a declared tie and fails `provider_independent`."
)


class AidIn(Schema):
    model_config = {"extra": "forbid"}
    granting_body: str = Field(max_length=200)
    amount: Money
    granted_on: date


class ApplicationIn(Schema):
    model_config = {"extra": "forbid"}
    call: int | None = None
    organisation: int | None = None
    title: str | None = Field(None, max_length=200)
    description: str | None = Field(None, max_length=10_000)
    category: str | None = Field(None, max_length=100)
    provider: int | None = Field(None, description=PROVIDER_DESCRIPTION)
    planned_costs: Money | None = None
    planned_start: date | None = None
    planned_end: date | None = None
    sme_declared: bool | None = None
    not_in_difficulty: bool | None = None
    de_minimis_declared: bool | None = None
    declared_ties: str | None = Field(None, max_length=5_000, description=TIES_DESCRIPTION)
    declared_aid: list[AidIn] | None = None


class AidOut(Schema):
    id: int
    granting_body: str
    amount: Decimal
    granted_on: date


class VoucherOut(Schema):
    code: str
    status: str
    amount: Decimal
    valid_from: date
    valid_until: date
    application: int
    company: str
    provider: str | None


class ApplicationOut(Schema):
    id: int
    reference: str
    status: str
    programme: str
    call: int
    organisation: int
    title: str
    description: str
    category: str | None
    provider: int | None = Field(
        description="The provider's organisation id (`organisation_id` in the directory)."
    )
    planned_costs: Decimal
    planned_start: date | None
    planned_end: date | None
    sme_declared: bool
    not_in_difficulty: bool
    de_minimis_declared: bool
    declared_ties: str = Field(description="Declared ties with the provider; empty: none.")
    size_class: str
    requested_grant: Decimal
    granted_amount: Decimal | None
    review_score: int | None
    selection: str
    submitted_at: datetime | None
    decided_at: datetime | None
    decision_reason: str
    voucher: str | None
    declared_aid: list[AidOut]


class QueueItemOut(Schema):
    id: int
    reference: str
    status: str
    call: int
    organisation: str
    title: str
    category: str | None
    requested_grant: Decimal
    review_score: int | None
    submitted_at: datetime | None
    age_days: int
    assigned_to: str | None


class NoteIn(Schema):
    model_config = {"extra": "forbid"}
    note: str = Field("", max_length=5_000)


class ReasonIn(Schema):
    model_config = {"extra": "forbid"}
    reason: str = Field("", max_length=5_000)


class MessageIn(Schema):
    model_config = {"extra": "forbid"}
    message: str = Field(max_length=5_000)


class ReviewIn(Schema):
    model_config = {"extra": "forbid"}
    checklist: dict[str, bool] = Field(
        description="Every item of the review checklist, true if satisfied: "
        + ", ".join(f"`{code}`" for code in CHECKLIST)
        + ". A recommendation to approve needs all of them true."
    )
    score: StrictInt = Field(description="0 to 100")
    recommendation: str = Field(
        max_length=20, description="`approve` or `reject` (with reasons in `comment`)"
    )
    comment: str = Field("", max_length=5_000)


class ChecklistAnswerOut(Schema):
    code: str
    label: str
    satisfied: bool | None


class ApplicationReviewOut(Schema):
    reviewer: str
    score: int
    recommendation: str
    comment: str
    checklist: list[ChecklistAnswerOut]
    created_at: datetime


class ApplicationRuleOut(Schema):
    code: str
    label: str
    passed: bool
    figures: dict
    explanation: str
    help: str = Field(
        description="What the rule means and what to do when it is not met, in plain "
        "words in the language of the request (Accept-Language)"
    )


class ApplicationEligibilityOut(Schema):
    passed: bool
    size_class: str
    grant: Decimal
    rules: list[ApplicationRuleOut]
    de_minimis: dict


class ApplicationRevisionOut(Schema):
    number: int
    data: dict
    note: str
    created_at: datetime


class ApplicationEventOut(Schema):
    action: str
    old_state: str
    new_state: str
    reason: str
    at: datetime


class ApplicationHistoryOut(Schema):
    revisions: list[ApplicationRevisionOut]
    events: list[ApplicationEventOut]


class ApplicationDecisionIn(Schema):
    model_config = {"extra": "forbid"}
    approve: bool
    reason: str = Field("", max_length=5_000)


class LotteryIn(Schema):
    model_config = {"extra": "forbid"}
    period_start: datetime
    period_end: datetime
    seed: str = Field("", max_length=40)


class DrawOut(Schema):
    id: int
    seed: str
    candidates: list[int]
    order: list[int]
    selected: list[int]


class SelectionOut(Schema):
    selected: list[int]


def _out(app: Application) -> dict:
    voucher = getattr(app, "voucher", None) if app.status == Application.Status.APPROVED else None
    return {
        **{f: getattr(app, f) for f in ApplicationOut.model_fields if hasattr(app, f)},
        "programme": app.programme.code,
        "call": app.call_id,
        "organisation": app.organisation_id,
        "category": app.category.code if app.category else None,
        "provider": app.provider_id,
        "voucher": voucher.code if voucher else None,
        "declared_aid": list(app.declared_aid.all()),
    }


def _voucher_out(v) -> dict:
    app = v.application
    return {
        "code": v.code,
        "status": v.status,
        "amount": v.amount,
        "valid_from": v.valid_from,
        "valid_until": v.valid_until,
        "application": app.pk,
        "company": app.organisation.name,
        "provider": app.provider.name if app.provider else None,
    }


def _fields(payload: ApplicationIn, programme_id: int) -> dict:
    data = payload.model_dump(exclude_unset=True, exclude={"call", "organisation", "declared_aid"})
    if "category" in data and data["category"] is not None:
        cat = ProjectCategory.objects.filter(
            programme_id=programme_id, code=data["category"]
        ).first()
        if cat is None:
            raise DomainError("Unknown project category.", code="invalid_category")
        data["category"] = cat
    if "provider" in data and data["provider"] is not None:
        provider = Organisation.objects.filter(pk=data["provider"]).first()
        if provider is None:
            raise DomainError(
                f"No organisation has the id {data['provider']}; take `organisation_id` "
                "of an entry of GET /api/v1/providers.",
                code="invalid_provider",
                status=422,
            )
        data["provider"] = provider  # the service checks that it is accredited
    return data


def _aid(aid: list[AidIn] | None) -> list[dict]:
    return [item.model_dump() for item in aid or []]


@router.get(
    "",
    response={200: list[ApplicationOut], **api_errors(401)},
    summary="Applications the caller may see",
)
def list_applications(request, status: str = "", call: int | None = None):
    qs = applications_for_user(user=request.user).prefetch_related("declared_aid", "voucher")
    if status:
        qs = qs.filter(status=status)
    if call:
        qs = qs.filter(call_id=call)
    return [_out(a) for a in qs.order_by("-created_at")[:500]]


@router.post("", response={201: ApplicationOut, **WRITE_ERRORS}, summary="Save a new draft")
def create_application(request, payload: ApplicationIn):
    if payload.call is None:
        raise DomainError("Name the call (`call`).", code="call_missing")
    call = Call.objects.select_related("programme").filter(pk=payload.call).first()
    if call is None:
        raise NotFound("Call not found.")
    if payload.organisation:
        org = organisation_get_for_user(user=request.user, pk=payload.organisation)
    else:
        org = organisation_of_user(user=request.user)
        if org is None:
            raise PermissionDenied("You act for no organisation.")
    app = services.application_create(
        actor=request.user,
        organisation=org,
        call=call,
        declared_aid=_aid(payload.declared_aid),
        **_fields(payload, call.programme_id),
    )
    return Status(201, _out(app))


@router.get(
    "/queue",
    response={200: list[QueueItemOut], **api_errors(401, 403)},
    summary="The caseworker queue",
)
def queue(
    request,
    status: str = "",
    call: int | None = None,
    category: str = "",
    mine: bool = False,
    sort: str = "oldest",
):
    if not request.user.sees_everything:
        raise PermissionDenied("Only programme staff see the queue.")
    qs = application_queue(
        status=status,
        call=call,
        category=category,
        assigned_to=request.user if mine else None,
        sort=sort,
    )[:500]
    return [
        {
            "id": a.pk,
            "reference": a.reference,
            "status": a.status,
            "call": a.call_id,
            "organisation": a.organisation.name,
            "title": a.title,
            "category": a.category.code if a.category else None,
            "requested_grant": a.requested_grant,
            "review_score": a.review_score,
            "submitted_at": a.submitted_at,
            "age_days": age_in_days(a),
            "assigned_to": a.assigned_to.username if a.assigned_to else None,
        }
        for a in qs
    ]


@router.get(
    "/vouchers",
    response={200: list[VoucherOut], **api_errors(401)},
    summary="Vouchers the caller may see",
)
def list_vouchers(request):
    return [_voucher_out(v) for v in voucher_summaries_for_user(user=request.user)[:500]]


@router.get("/vouchers/{code}", response={200: VoucherOut, **READ_ERRORS})
def get_voucher(request, code: str):
    return _voucher_out(voucher_get_for_user(user=request.user, code=code, summary=True))


@router.get("/vouchers/{code}/certificate.pdf", summary="The voucher certificate (PDF)")
def voucher_certificate(request, code: str):
    voucher = voucher_get_for_user(user=request.user, code=code)
    document = services.voucher_certificate_issue(voucher=voucher)
    return issued_pdf_response(document, filename=f"{voucher.code}.pdf")


# --- change requests (Änderungsanträge) on a voucher -----------------------------------


class ChangeRequestIn(Schema):
    model_config = {"extra": "forbid"}
    kind: str = Field(
        max_length=20,
        description="`extension` (with `months`), `provider` (with `provider`) or `costs` "
        "(with `planned_costs`)",
    )
    reason: str = Field(max_length=5_000, description="Why the change is needed")
    months: StrictInt | None = Field(
        None, description="extension: months to add (at most the programme's maximum)"
    )
    provider: int | None = Field(None, description="provider: " + PROVIDER_DESCRIPTION)
    planned_costs: Money | None = Field(None, description="costs: the new planned costs (EUR)")


class ChangeRequestDecisionIn(Schema):
    model_config = {"extra": "forbid"}
    approve: bool
    note: str = Field("", max_length=5_000, description="Reasons (needed for a rejection)")


class ChangeRequestOut(Schema):
    id: int
    reference: str
    voucher: str
    kind: str
    status: str
    reason: str
    months: int | None
    provider: int | None = Field(description="The new provider's organisation id")
    planned_costs: Decimal | None
    before: dict = Field(description="The voucher's figures before the decision")
    after: dict = Field(description="The voucher's figures after the decision")
    submitted_at: datetime
    reviewed_at: datetime | None
    review_note: str
    decided_at: datetime | None
    decision_note: str
    notice: str | None = Field(description="URL of the notice (PDF), once decided")


def _change_out(cr) -> dict:
    from kivoucher.applications.models import ChangeNotice

    try:
        has_notice = cr.notice is not None
    except ChangeNotice.DoesNotExist:
        has_notice = False
    return {
        **{f: getattr(cr, f) for f in ChangeRequestOut.model_fields if hasattr(cr, f)},
        "voucher": cr.voucher.code,
        "provider": cr.provider_id,
        "notice": f"/api/v1/applications/change-requests/{cr.pk}/notice.pdf"
        if has_notice
        else None,
    }


@router.get(
    "/vouchers/{code}/change-requests",
    response={200: list[ChangeRequestOut], **READ_ERRORS},
    summary="The voucher's change requests, newest first",
)
def voucher_change_requests(request, code: str):
    voucher = voucher_get_for_user(user=request.user, code=code)
    return [_change_out(cr) for cr in change_requests_of_voucher(voucher=voucher)]


@router.post(
    "/vouchers/{code}/change-requests",
    response={201: ChangeRequestOut, **WRITE_ERRORS},
    summary="Ask for a change of the voucher (the company)",
)
def voucher_change_request_submit(request, code: str, payload: ChangeRequestIn):
    voucher = voucher_get_for_user(user=request.user, code=code)
    provider = None
    if payload.provider is not None:
        provider = Organisation.objects.filter(pk=payload.provider).first()
        if provider is None:
            raise DomainError(
                f"No organisation has the id {payload.provider}.",
                code="invalid_provider",
                status=422,
            )
    cr = change_request_submit(
        actor=request.user,
        voucher=voucher,
        kind=payload.kind,
        reason=payload.reason,
        months=payload.months,
        provider=provider,
        planned_costs=payload.planned_costs,
    )
    return Status(201, _change_out(cr))


@router.get(
    "/change-requests/{cr_id}",
    response={200: ChangeRequestOut, **READ_ERRORS},
    summary="A change request",
)
def change_request_get(request, cr_id: int):
    return _change_out(change_request_get_for_user(user=request.user, pk=cr_id))


@router.post(
    "/change-requests/{cr_id}/review",
    response={200: ChangeRequestOut, **WRITE_ERRORS},
    summary="Review a change request (caseworker, with a note)",
)
def change_request_review_op(request, cr_id: int, payload: NoteIn):
    cr = change_request_get_for_user(user=request.user, pk=cr_id)
    return _change_out(
        change_request_review(actor=request.user, change_request=cr, note=payload.note)
    )


@router.post(
    "/change-requests/{cr_id}/decide",
    response={200: ChangeRequestOut, **WRITE_ERRORS},
    summary="Decide a reviewed change request (four-eyes); issues the notice",
)
def change_request_decide_op(request, cr_id: int, payload: ChangeRequestDecisionIn):
    cr = change_request_get_for_user(user=request.user, pk=cr_id)
    cr = change_request_decide(
        actor=request.user, change_request=cr, approve=payload.approve, note=payload.note
    )
    return _change_out(change_request_get_for_user(user=request.user, pk=cr.pk))


@router.post(
    "/change-requests/{cr_id}/withdraw",
    response={200: ChangeRequestOut, **WRITE_ERRORS},
    summary="Withdraw a change request before its decision (the company)",
)
def change_request_withdraw_op(request, cr_id: int, payload: ReasonIn):
    cr = change_request_get_for_user(user=request.user, pk=cr_id)
    return _change_out(
        change_request_withdraw(actor=request.user, change_request=cr, reason=payload.reason)
    )


@router.get(
    "/change-requests/{cr_id}/notice.pdf",
    summary="The notice on a decided change request (PDF, German)",
)
def change_request_notice(request, cr_id: int):
    cr = change_request_get_for_user(user=request.user, pk=cr_id)
    notice = change_notice_of(change_request=cr)
    return issued_pdf_response(notice, filename=f"{cr.reference}.pdf")


@router.post(
    "/calls/{call_id}/lottery",
    response={200: DrawOut, **WRITE_ERRORS},
    summary="Draw the lottery of a call",
)
def draw_lottery(request, call_id: int, payload: LotteryIn):
    call = Call.objects.filter(pk=call_id).first()
    if call is None:
        raise NotFound("Call not found.")
    return services.lottery_draw(actor=request.user, call=call, **payload.model_dump())


@router.post(
    "/calls/{call_id}/ranking",
    response={200: SelectionOut, **WRITE_ERRORS},
    summary="Select by ranking",
)
def rank(request, call_id: int):
    call = Call.objects.filter(pk=call_id).first()
    if call is None:
        raise NotFound("Call not found.")
    return {"selected": services.ranking_select(actor=request.user, call=call)}


@router.get("/{app_id}", response={200: ApplicationOut, **READ_ERRORS})
def get_application(request, app_id: int):
    return _out(application_get_for_user(user=request.user, pk=app_id))


@router.patch(
    "/{app_id}",
    response={200: ApplicationOut, **WRITE_ERRORS},
    summary="Change a draft or answer a request",
)
def patch_application(request, app_id: int, payload: ApplicationIn):
    app = application_get_for_user(user=request.user, pk=app_id)
    app = services.application_update(
        actor=request.user,
        application=app,
        declared_aid=_aid(payload.declared_aid),
        **_fields(payload, app.programme_id),
    )
    return _out(app)


@router.delete(
    "/{app_id}/aid/{aid_id}",
    response={200: ApplicationOut, **WRITE_ERRORS},
    summary="Remove declared aid",
)
def remove_aid(request, app_id: int, aid_id: int):
    app = application_get_for_user(user=request.user, pk=app_id)
    aid = app.declared_aid.filter(pk=aid_id).first()
    if aid is None:
        raise NotFound("Declared aid not found.")
    services.declared_aid_remove(actor=request.user, aid=aid)
    return _out(application_get_for_user(user=request.user, pk=app_id))


@router.get(
    "/{app_id}/eligibility",
    response={200: ApplicationEligibilityOut, **READ_ERRORS},
    summary="Every rule, its figures and why it passed or failed",
)
def eligibility(request, app_id: int):
    app = application_get_for_user(user=request.user, pk=app_id)
    return application_check(application=app).as_dict(with_help=True)


@router.post("/{app_id}/submit", response={200: ApplicationOut, **WRITE_ERRORS})
def submit(request, app_id: int, payload: NoteIn):
    app = application_get_for_user(user=request.user, pk=app_id)
    return _out(services.application_submit(actor=request.user, application=app, note=payload.note))


@router.post("/{app_id}/withdraw", response={200: ApplicationOut, **WRITE_ERRORS})
def withdraw(request, app_id: int, payload: ReasonIn):
    app = application_get_for_user(user=request.user, pk=app_id)
    return _out(
        services.application_withdraw(actor=request.user, application=app, reason=payload.reason)
    )


@router.post(
    "/{app_id}/assign",
    response={200: ApplicationOut, **WRITE_ERRORS},
    summary="Take over the review",
)
def assign(request, app_id: int):
    app = application_get_for_user(user=request.user, pk=app_id)
    return _out(services.application_assign(actor=request.user, application=app))


@router.post("/{app_id}/request-info", response={200: ApplicationOut, **WRITE_ERRORS})
def request_info(request, app_id: int, payload: MessageIn):
    app = application_get_for_user(user=request.user, pk=app_id)
    return _out(
        services.application_request_info(
            actor=request.user, application=app, message=payload.message
        )
    )


@router.post("/{app_id}/review", response={200: ApplicationOut, **WRITE_ERRORS})
def review(request, app_id: int, payload: ReviewIn):
    app = application_get_for_user(user=request.user, pk=app_id)
    services.application_review(actor=request.user, application=app, **payload.model_dump())
    return _out(application_get_for_user(user=request.user, pk=app_id))


@router.get(
    "/{app_id}/reviews",
    response={200: list[ApplicationReviewOut], **api_errors(401, 403, 404)},
    summary="The reviews with their checklist, score and comment (programme staff)",
)
def reviews(request, app_id: int):
    app = application_get_for_user(user=request.user, pk=app_id)
    if not request.user.sees_everything:
        raise PermissionDenied("Only programme staff read the reviews.")
    return [
        {
            "reviewer": r.reviewer.display_name,
            "score": r.score,
            "recommendation": r.recommendation,
            "comment": r.comment,
            "checklist": r.answers,
            "created_at": r.created_at,
        }
        for r in reviews_with_checklist(application=app)
    ]


@router.post(
    "/{app_id}/decision",
    response={200: ApplicationOut, **WRITE_ERRORS},
    summary="Decide (four-eyes); GET /reviews shows the review checklist first",
)
def decide(request, app_id: int, payload: ApplicationDecisionIn):
    app = application_get_for_user(user=request.user, pk=app_id)
    app = services.application_decide(
        actor=request.user, application=app, approve=payload.approve, reason=payload.reason
    )
    return _out(application_get_for_user(user=request.user, pk=app.pk))


@router.get("/{app_id}/letter.pdf", summary="The decision letter (PDF, German)")
def letter(request, app_id: int):
    app = application_get_for_user(user=request.user, pk=app_id)
    if app.status not in (Application.Status.APPROVED, Application.Status.REJECTED):
        raise NotFound("There is no decision yet.")
    document = services.decision_letter_issue(application=app)
    return issued_pdf_response(document, filename=f"{app.reference}.pdf")


@router.get(
    "/{app_id}/history",
    response={200: ApplicationHistoryOut, **READ_ERRORS},
    summary="Revisions and state changes",
)
def history(request, app_id: int):
    app = application_get_for_user(user=request.user, pk=app_id)
    return {
        "revisions": [
            {"number": r.number, "data": r.data, "note": r.note, "created_at": r.created_at}
            for r in Revision.objects.filter(application=app)
        ],
        "events": [
            {
                "action": e.action,
                "old_state": e.old_state,
                "new_state": e.new_state,
                "reason": e.reason,
                "at": e.created_at,
            }
            for e in audit_history(app)
        ],
    }
