"""The decision under the four-eyes principle, with budget and de-minimis.

Approval commits the grant from the call's budget through the ledger, records
the aid in the grant register (refusing what would exceed the de-minimis
ceiling) and issues the voucher, all in one transaction: if anything fails,
nothing is saved.
"""

import copy
from itertools import chain

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kivoucher.applications.documents import decision_letter_pdf, voucher_certificate_pdf
from kivoucher.applications.eligibility import link_reasons
from kivoucher.applications.models import Application, Review, Voucher
from kivoucher.core.errors import Conflict, DomainError
from kivoucher.core.models import User
from kivoucher.core.money import format_eur
from kivoucher.core.roles import Role
from kivoucher.core.workflow import separation_of_duties_check, transition
from kivoucher.ledger.selectors import money_sum
from kivoucher.ledger.services import InsufficientFunds, transfer_create
from kivoucher.programmes.deminimis import aid_award_record
from kivoucher.programmes.models import Call, Line
from kivoucher.programmes.services import call_budget_account, call_committed_account
from kivoucher.providers.models import Accreditation
from kivoucher.providers.selectors import accreditation_active
from kivoucher.webhooks.events import event_emit

from .documents import decision_letter_issue
from .vouchers import voucher_issue, voucher_prepare

DECIDERS = {Role.APPROVER, Role.PROGRAMME_ADMIN}


def four_eyes_check(*, actor: User, application: Application) -> None:
    """Raise unless `actor` may decide: a decider who neither reviewed nor took the
    application over as caseworker, and no member of the applicant company."""
    reviewers = Review.objects.filter(application=application).values_list("reviewer_id", flat=True)
    separation_of_duties_check(
        actor=actor,
        deciders=DECIDERS,
        prepared_by=chain(reviewers, [application.assigned_to_id]),
        organisation_id=application.organisation_id,
        refusal=_("Only approvers decide on applications."),
    )


def _decide_check(*, actor: User, application: Application) -> None:
    """Raise unless `actor` may decide `application` now: a decider under the
    four-eyes principle, and the application reviewed."""
    four_eyes_check(actor=actor, application=application)
    if application.status != Application.Status.REVIEWED:
        raise Conflict(
            _("Only reviewed applications can be decided; this one is %(status)s.")
            % {"status": application.get_status_display()},
            code="invalid_transition",
        )


def application_decide_refusal(*, actor: User, application: Application) -> str | None:
    """Why `actor` may not decide `application` now, or None if they may: the checks
    `application_decide` makes first, for pages to show instead of a decision form.
    (Budget, de-minimis and provider rules are checked when deciding.)"""
    try:
        _decide_check(actor=actor, application=application)
    except DomainError as exc:
        return exc.message
    return None


def provider_volume(*, accreditation: Accreditation, year: int):
    approved = Application.objects.filter(
        provider=accreditation.organisation,
        programme=accreditation.programme,
        status=Application.Status.APPROVED,
        decided_at__year=year,
    ).exclude(voucher__status__in=[Voucher.Status.EXPIRED, Voucher.Status.CANCELLED])
    return money_sum(approved, "granted_amount")


def _check_provider(app: Application, grant, today) -> None:
    acc = (
        accreditation_active(organisation=app.provider, programme=app.programme, on=today)
        if app.provider_id
        else None
    )
    if acc is None:
        raise Conflict(
            _("%(name)s is not accredited (any more); the application cannot be approved.")
            % {"name": app.provider.name if app.provider_id else "–"},
            code="provider_not_accredited",
        )
    if link_reasons(app):
        raise Conflict(_("The provider is linked to the applicant."), code="provider_linked")
    # Serialise approvals for one provider while its annual volume is checked.
    acc = Accreditation.objects.select_for_update().get(pk=acc.pk)
    if acc.annual_cap is not None:
        used = provider_volume(accreditation=acc, year=today.year)
        if used + grant > acc.annual_cap:
            raise Conflict(
                _(
                    "The provider's annual cap of %(cap)s would be exceeded: %(used)s already "
                    "granted this year, %(grant)s requested."
                )
                % {
                    "cap": format_eur(acc.annual_cap),
                    "used": format_eur(used),
                    "grant": format_eur(grant),
                },
                code="provider_cap_exceeded",
            )


def _commit_budget(app: Application, grant) -> None:
    try:
        transfer_create(
            key=f"application:{app.pk}:commit",
            source=call_budget_account(app.call),
            destination=call_committed_account(app.call),
            amount=grant,
            kind="commitment",
            memo=app.reference,
        )
    except InsufficientFunds:
        raise _budget_exhausted(grant)


def _budget_exhausted(grant) -> Conflict:
    return Conflict(
        _("The call's budget is exhausted: %(grant)s cannot be committed.")
        % {"grant": format_eur(grant)},
        code="budget_exhausted",
    )


def _budget_precheck(app: Application, grant) -> None:
    """Refuse early, without a lock, when the call's budget has less than `grant`
    left: the commitment through the ledger (under the budget's lock) decides."""
    available = call_budget_account(app.call).available
    if available is not None and available < grant:
        raise _budget_exhausted(grant)


def _as_decided(app: Application, status: str, fields: dict) -> Application:
    """An unsaved copy of `app` as the decision will save it."""
    decided = copy.copy(app)
    decided.status = status
    for name, value in fields.items():
        setattr(decided, name, value)
    return decided


def _documents_render(app: Application, fields: dict, today) -> tuple[str, bytes, bytes]:
    """(voucher code, decision letter, voucher certificate) of the approval about to be
    saved, rendered from an unsaved copy of the approved application and voucher."""
    approved = _as_decided(app, Application.Status.APPROVED, fields)
    voucher = voucher_prepare(application=approved, today=today)
    return (
        voucher.code,
        decision_letter_pdf(application=approved, voucher=voucher),
        voucher_certificate_pdf(voucher=voucher),
    )


def application_decide(
    *, actor: User, application: Application, approve: bool, reason: str = ""
) -> Application:
    """Approve or reject a reviewed application (by a second staff member)."""
    reason = (reason or "").strip()
    with transaction.atomic():
        app = Application.objects.select_for_update().get(pk=application.pk)
        _decide_check(actor=actor, application=app)
        now, today = timezone.now(), timezone.localdate()
        fields = {"decided_by": actor, "decided_at": now, "decision_reason": reason}
        if not approve:
            if not reason:
                raise DomainError(_("A rejection needs reasons."), code="reason_missing")
            # rendered before the audit event, whose log every change of the platform writes
            letter = decision_letter_pdf(
                application=_as_decided(app, Application.Status.REJECTED, fields)
            )
            app = transition(
                app,
                Application.Status.REJECTED,
                actor=actor,
                reason=reason,
                fields=fields,
                locked=True,
            )
            decision_letter_issue(application=app, content=letter)
            _notify_decision(app)
            return app
        if app.call.selection != Call.Selection.FCFS and app.selection != app.Selection.SELECTED:
            raise Conflict(
                _("In this call only applications selected by the %(method)s can be approved.")
                % {"method": app.call.get_selection_display()},
                code="not_selected",
            )
        grant = app.requested_grant
        if grant <= 0:
            raise DomainError(_("There is no grant to approve."), code="invalid_amount")
        # Before the shared locks (the provider's accreditation, the call's budget, the
        # audit log), which every approval of the call waits for: refuse what visibly
        # does not fit any more, and render the two documents (two thirds of an
        # approval's time) from the state the approval saves.
        _budget_precheck(app, grant)
        fields["granted_amount"] = grant
        code, letter, certificate = _documents_render(app, fields, today)
        if app.programme.line == Line.PROJECT:  # an accredited, independent provider
            _check_provider(app, grant, today)
        _commit_budget(app, grant)
        aid_award_record(
            actor=actor,
            programme=app.programme,
            organisation=app.organisation,
            reference=f"application:{app.pk}",
            amount=grant,
            granted_on=today,
        )
        app = transition(
            app,
            Application.Status.APPROVED,
            actor=actor,
            reason=reason,
            fields=fields,
            data={"grant": str(grant)},
            locked=True,
        )
        voucher_issue(actor=actor, application=app, today=today, code=code, certificate=certificate)
        decision_letter_issue(application=app, content=letter)
        _notify_decision(app)
        return app


def _notify_decision(app: Application) -> None:
    from kivoucher.applications.notifications import notify_applicant

    approved = app.status == Application.Status.APPROVED
    event_emit(
        type="application.decided",
        data={
            "application": app.pk,
            "reference": app.reference,
            "status": app.status,
            "granted_amount": str(app.granted_amount) if approved else None,
        },
        organisations=[app.organisation_id],
    )
    notify_applicant(
        application=app,
        subject=_("Decision on your application %(ref)s") % {"ref": app.reference},
        body=_("Your application was %(status)s. The decision letter is on the platform.")
        % {"status": app.get_status_display()},
    )
