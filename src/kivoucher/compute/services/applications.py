"""The one-form application for a compute voucher, with a light review, the
four-eyes approval and the one-voucher-per-company rule. Status changes go through
the workflow kernel (`ComputeApplication.ALLOWED_TRANSITIONS`)."""

from decimal import Decimal

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from kivoucher.compute.models import ComputeApplication, ComputeVoucher, DataCentre
from kivoucher.compute.notifications import voucher_approved_notify
from kivoucher.compute.services.vouchers import compute_voucher_issue
from kivoucher.core.audit import audit_record
from kivoucher.core.errors import Conflict, DomainError, PermissionDenied
from kivoucher.core.roles import Role
from kivoucher.core.workflow import separation_of_duties_check, transition
from kivoucher.organizations.models import Organisation
from kivoucher.organizations.selectors import membership_signatory_check
from kivoucher.organizations.services import organisation_update
from kivoucher.programmes.eligibility import eligibility_check
from kivoucher.programmes.models import Call, Line

A = ComputeApplication.Status


def earlier_vouchers(organisation: Organisation) -> list[dict]:
    """Vouchers (and open applications) of the same company, found by register number
    or VAT ID, not only by the organisation row."""
    same = Q(organisation=organisation)
    if organisation.register_number:
        same |= Q(
            organisation__register_number__iexact=organisation.register_number,
            organisation__register_court__iexact=organisation.register_court,
        )
    if organisation.vat_id:
        same |= Q(organisation__vat_id__iexact=organisation.vat_id)
    vouchers = ComputeVoucher.objects.filter(same).exclude(status=ComputeVoucher.Status.CANCELLED)
    return [
        {
            "code": v.code,
            "organisation": v.organisation_id,
            "issued": v.issued_at.date().isoformat(),
        }
        for v in vouchers
    ]


def compute_application_refusal(*, organisation: Organisation) -> str | None:
    """Why `organisation` may not apply now, or None if it may: the check
    `compute_application_submit` makes, for the page to show before the form. (A company
    that already received a voucher may apply, as a justified exception: see
    `earlier_vouchers`.)"""
    open_application = (
        ComputeApplication.objects.filter(
            organisation=organisation, status__in=ComputeApplication.OPEN
        )
        .order_by("pk")
        .first()
    )
    if open_application is not None:
        return _(
            "Your company already has an open application (%(ref)s): a company applies "
            "once at a time. Wait for its decision; if a further voucher is needed after "
            "that, apply again with a justification."
        ) % {"ref": open_application}
    return None


def compute_application_submit(
    *,
    actor,
    organisation: Organisation,
    call: Call,
    data_centre: DataCentre,
    project_description: str,
    gpu_type: str,
    gpu_hours,
    storage_tb,
    period_start,
    period_end,
    not_in_difficulty: bool,
    exception_justification: str = "",
    employees: int | None = None,
    annual_turnover: Decimal | None = None,
    balance_sheet_total: Decimal | None = None,
) -> ComputeApplication:
    """Apply for a compute voucher, updating the company's figures (those given) in the
    same transaction: a refused application leaves the figures as they were. It makes
    the declarations binding: owners and signatories of the company only."""
    membership_signatory_check(actor=actor, organisation=organisation)
    if call.programme.line != Line.COMPUTE:
        raise DomainError(_("This call is not a compute voucher call."), code="invalid_call")
    now = timezone.now()
    if not (call.opens_at <= now < call.closes_at):
        raise Conflict(_("The call is not open."), code="call_closed")
    if period_end < period_start:
        raise DomainError(_("The period must end after it starts."), code="invalid_period")
    if not data_centre.accepts_new_vouchers:
        raise Conflict(
            _("This data centre accepts no new vouchers at the moment."),
            code="data_centre_suspended",
        )
    with transaction.atomic():
        Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
        refusal = compute_application_refusal(organisation=organisation)
        if refusal:
            raise Conflict(refusal, code="duplicate")
        earlier = earlier_vouchers(organisation)
        if earlier and not exception_justification.strip():
            raise Conflict(
                _(
                    "Your company already received a compute voucher. A further voucher is "
                    "only possible as a justified exception: please give your reasons."
                ),
                code="duplicate_voucher",
            )
        figures = {
            name: value
            for name, value in (
                ("employees", employees),
                ("annual_turnover", annual_turnover),
                ("balance_sheet_total", balance_sheet_total),
            )
            if value is not None
        }
        if figures:
            organisation_update(actor=actor, organisation=organisation, **figures)
        eligibility = eligibility_check(
            programme=call.programme,
            organisation=organisation,
            declarations={"not_in_difficulty": not_in_difficulty},
        )
        application = ComputeApplication(
            organisation=organisation,
            call=call,
            applicant=actor,
            status=A.EXCEPTION_PENDING if earlier else A.SUBMITTED,
            project_description=project_description,
            gpu_type=gpu_type,
            gpu_hours=gpu_hours,
            storage_tb=storage_tb,
            period_start=period_start,
            period_end=period_end,
            preferred_data_centre=data_centre,
            not_in_difficulty=not_in_difficulty,
            eligibility=eligibility.as_dict(),
            earlier_vouchers=earlier,
            exception_justification=exception_justification.strip(),
        )
        application.full_clean()
        application.save()
        audit_record(
            actor=actor,
            action="compute.application.submit",
            obj=application,
            new_state=application.status,
            data={"eligible": eligibility.passed, "earlier_vouchers": len(earlier)},
        )
        return application


def _staff(actor, roles) -> None:
    if getattr(actor, "role", None) not in roles:
        raise PermissionDenied(_("You may not decide this."))


def _decided(to: str) -> dict:
    """An approval or rejection records when it was decided."""
    return {"decided_at": timezone.now()} if to in ComputeApplication.DECIDED else {}


def _step_check(*, actor, application: ComputeApplication, step: str) -> None:
    """Raise unless `actor` may take `step` ("review", "decision" or "exception") on
    `application`: the role of the step and, for the decision, the four eyes."""
    if step == "review":
        _staff(actor, {Role.CASEWORKER, Role.PROGRAMME_ADMIN})
    elif step == "exception":
        _staff(actor, {Role.PROGRAMME_ADMIN})
    else:
        separation_of_duties_check(
            actor=actor,
            deciders={Role.APPROVER, Role.PROGRAMME_ADMIN},
            prepared_by=[application.reviewer_id],
            organisation_id=application.organisation_id,
            refusal=_("You may not decide this."),
        )


def compute_application_step_refusal(
    *, actor, application: ComputeApplication, step: str
) -> str | None:
    """Why `actor` may not take `step` on `application`, or None if they may: the check
    the step's service makes first, for the page to show instead of its form."""
    try:
        _step_check(actor=actor, application=application, step=step)
    except DomainError as exc:
        return exc.message
    return None


def compute_application_decide_exception(
    *, actor, application: ComputeApplication, grant: bool, reason: str
) -> ComputeApplication:
    """A programme admin decides whether a further voucher is justified."""
    _step_check(actor=actor, application=application, step="exception")
    if not reason.strip():
        raise DomainError(_("Please state the reason for the decision."), code="reason_required")
    to = A.SUBMITTED if grant else A.REJECTED
    fields = {"exception_decided_by": actor, **_decided(to)}
    return transition(application, to, actor=actor, reason=reason, fields=fields)


def compute_application_review(
    *, actor, application: ComputeApplication, recommend: bool, note: str
) -> ComputeApplication:
    _step_check(actor=actor, application=application, step="review")
    to = A.REVIEWED if recommend else A.REJECTED
    fields = {"reviewer": actor, "review_note": note, **_decided(to)}
    return transition(application, to, actor=actor, reason=note, fields=fields)


def compute_application_approve(
    *, actor, application: ComputeApplication, approve: bool, note: str = ""
) -> ComputeApplication:
    """The second pair of eyes: approving issues the voucher for the chosen data centre.

    The decider is an approver or programme admin who neither reviewed the application
    nor belongs to the applying company (`separation_of_duties_check`)."""
    with transaction.atomic():
        application = ComputeApplication.objects.select_for_update().get(pk=application.pk)
        _step_check(actor=actor, application=application, step="decision")
        if approve and not application.eligibility.get("passed"):
            raise Conflict(_("The company is not eligible."), code="not_eligible")
        to = A.APPROVED if approve else A.REJECTED
        fields = {"approver": actor, "decision_note": note, **_decided(to)}
        application = transition(
            application, to, actor=actor, reason=note, fields=fields, locked=True
        )
        if approve:
            voucher = compute_voucher_issue(
                actor=actor,
                organisation=application.organisation,
                data_centre=application.preferred_data_centre,
                call=application.call,
                application=application,
                reference=f"compute-application:{application.pk}",
            )
            voucher_approved_notify(voucher=voucher)
        return application
