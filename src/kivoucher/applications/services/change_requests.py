"""Change requests (Änderungsanträge) on a line I voucher.

The company asks, with a reason, for one of three changes:

- `extension`: the validity is extended by at most `Programme.extension_months_max`
  months, at most `Programme.extensions_max` times per voucher;
- `provider`: another provider, checked as the application was: accredited for the
  programme today, independent of the company, within its annual cap;
- `costs`: other planned costs; the grant becomes costs × the voucher's subsidy
  rate, capped by the programme's maximum grant. An increase commits the difference
  from the call's budget (refused when the budget lacks it; de-minimis re-checked),
  a decrease gives it back; the grant register's entry follows.

A caseworker reviews with a note, a second person decides under the same
separation-of-duties policy as every decision (`core.workflow`). One request per
voucher is open at a time (a unique constraint too). Money moves only on approval,
through the ledger, in the transaction that updates the voucher's figures, so the
voucher's value always matches its commitment. Approval and rejection issue a
German notice (PDF), stored once (`ChangeNotice`).

Locks, in the order of the decision of an application: the voucher, the change
request, the provider's accreditation, the call's accounts (ledger order), the
company's single undertaking (grant register).
"""

from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kivoucher.applications.documents import change_notice_pdf
from kivoucher.applications.models import (
    Application,
    ChangeNotice,
    ChangeRequest,
    Voucher,
)
from kivoucher.applications.services.decision import DECIDERS, provider_volume
from kivoucher.applications.services.drafting import _require_member
from kivoucher.applications.services.review import REVIEWERS
from kivoucher.core.audit import audit_record
from kivoucher.core.dates import add_months
from kivoucher.core.errors import Conflict, DomainError, PermissionDenied
from kivoucher.core.money import format_eur, parse_money
from kivoucher.core.uploads import PDF, CheckedUpload
from kivoucher.core.workflow import separation_of_duties_check, transition
from kivoucher.ledger.selectors import money_sum
from kivoucher.ledger.services import InsufficientFunds, accounts_lock, transfer_create
from kivoucher.organizations.models import Membership, Organisation
from kivoucher.organizations.selectors import organisations_are_linked, single_undertaking_ids
from kivoucher.payments.models import Payout
from kivoucher.programmes.deminimis import aid_award_adjust, de_minimis_check
from kivoucher.programmes.eligibility import grant_amount
from kivoucher.programmes.models import AidAward
from kivoucher.programmes.services import call_budget_account, call_committed_account
from kivoucher.providers.models import Accreditation
from kivoucher.providers.selectors import accreditation_active

CR = ChangeRequest
K = ChangeRequest.Kind


# --- the rules of each kind -----------------------------------------------------------


def _voucher_active(voucher: Voucher) -> None:
    if voucher.status != Voucher.Status.ACTIVE:
        raise Conflict(
            _("Only an active voucher can be changed; this one is %(status)s.")
            % {"status": voucher.get_status_display()},
            code="voucher_not_active",
        )


def _extension_check(voucher: Voucher, months) -> int:
    programme = voucher.application.programme
    if not isinstance(months, int) or isinstance(months, bool) or months < 1:
        raise DomainError(
            _("Name the number of months of the extension (at least 1)."), code="invalid_months"
        )
    if months > programme.extension_months_max:
        raise DomainError(
            _("An extension adds at most %(n)s months.") % {"n": programme.extension_months_max},
            code="extension_limit",
        )
    done = voucher.change_requests.filter(kind=K.EXTENSION, status=CR.Status.APPROVED).count()
    if done >= programme.extensions_max:
        raise Conflict(
            _("This voucher was already extended %(done)s times; at most %(n)s are possible.")
            % {"done": done, "n": programme.extensions_max},
            code="extension_limit",
        )
    return months


def _provider_check(voucher: Voucher, provider: Organisation | None, today) -> Accreditation:
    """The accreditation of the new provider, or the refusal the application got."""
    app = voucher.application
    if provider is None:
        raise DomainError(_("Name the new provider."), code="invalid_provider", status=422)
    if provider.pk == app.provider_id:
        raise DomainError(_("This is the voucher's provider already."), code="no_change")
    acc = accreditation_active(organisation=provider, programme=app.programme, on=today)
    if acc is None:
        raise Conflict(
            _("%(name)s is not accredited for this programme.") % {"name": provider.name},
            code="provider_not_accredited",
        )
    if provider.pk == app.organisation_id or organisations_are_linked(
        a=app.organisation, b=provider
    ):
        raise Conflict(
            _("%(name)s is not independent of the company.") % {"name": provider.name},
            code="not_independent",
        )
    return acc


def _provider_cap_check(voucher: Voucher, acc: Accreditation, today) -> None:
    """Under the accreditation's lock: the voucher's value fits the provider's cap
    in the year the grant counts for (the year of the decision on the application)."""
    if acc.annual_cap is None:
        return
    app = voucher.application
    year = (app.decided_at or timezone.now()).year
    used = provider_volume(accreditation=acc, year=year)
    if used + voucher.amount > acc.annual_cap:
        raise Conflict(
            _(
                "The provider's annual cap of %(cap)s would be exceeded: %(used)s already "
                "granted, %(grant)s more."
            )
            % {
                "cap": format_eur(acc.annual_cap),
                "used": format_eur(used),
                "grant": format_eur(voucher.amount),
            },
            code="provider_cap",
        )


def paid_of_voucher(voucher: Voucher) -> Decimal:
    """What was paid or queued for payment on the voucher (the floor of a decrease)."""
    payouts = Payout.objects.filter(origin__startswith=voucher.payout_origin).exclude(
        status=Payout.Status.CANCELLED
    )
    return money_sum(payouts, "amount")


def _costs_check(voucher: Voucher, costs) -> tuple[Decimal, Decimal]:
    """(new planned costs, new grant)."""
    costs = parse_money(costs, field=_("Planned costs"))
    if costs <= 0:
        raise DomainError(_("The planned costs must be more than zero."), code="invalid_amount")
    app = voucher.application
    grant = grant_amount(
        programme=app.programme, size_class=app.size_class or "large", eligible_costs=costs
    )
    if grant == voucher.amount:
        raise DomainError(
            _("These costs give the same grant of %(grant)s.") % {"grant": format_eur(grant)},
            code="no_change",
        )
    paid = paid_of_voucher(voucher)
    if grant < paid:
        raise Conflict(
            _("%(paid)s were paid on this voucher already; the grant cannot go below that.")
            % {"paid": format_eur(paid)},
            code="below_paid",
        )
    return costs, grant


def _check(voucher: Voucher, *, kind: str, months=None, provider=None, costs=None, today=None):
    today = today or timezone.localdate()
    _voucher_active(voucher)
    if kind == K.EXTENSION:
        _extension_check(voucher, months)
    elif kind == K.PROVIDER:
        _provider_check(voucher, provider, today)
    elif kind == K.COSTS:
        _costs_check(voucher, costs)
    else:
        raise DomainError(_("Unknown kind of change."), code="invalid_kind", status=422)


# --- submit, review, withdraw -------------------------------------------------------------


def _open_exists() -> Conflict:
    return Conflict(
        _(
            "A change request on this voucher is open already; wait for its decision or "
            "withdraw it."
        ),
        code="open_change_request",
    )


def change_request_submit(
    *,
    actor,
    voucher: Voucher,
    kind: str,
    reason: str,
    months: int | None = None,
    provider: Organisation | None = None,
    planned_costs=None,
) -> ChangeRequest:
    """The company asks for a change of its voucher."""
    app = voucher.application
    _require_member(actor, app.organisation)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Give the reason for the change."), code="reason_missing")
    with transaction.atomic():
        voucher = (
            Voucher.objects.select_for_update().select_related("application").get(pk=voucher.pk)
        )
        if voucher.change_requests.filter(status__in=CR.OPEN).exists():
            raise _open_exists()
        _check(voucher, kind=kind, months=months, provider=provider, costs=planned_costs)
        fields = {"voucher": voucher, "kind": kind, "reason": reason, "submitted_by": actor}
        if kind == K.EXTENSION:
            fields["months"] = months
        elif kind == K.PROVIDER:
            fields["provider"] = provider
        else:
            fields["planned_costs"] = parse_money(planned_costs, field=_("Planned costs"))
        try:
            with transaction.atomic():
                cr = ChangeRequest.objects.create(**fields)
        except IntegrityError:  # another request was opened in the meantime
            raise _open_exists() from None
        audit_record(
            actor=actor,
            action="applications.changerequest.submitted",
            obj=cr,
            new_state=cr.status,
            reason=reason,
            data={"voucher": voucher.code, "kind": kind, **_requested(cr)},
        )
        return cr


def _requested(cr: ChangeRequest) -> dict:
    if cr.kind == K.EXTENSION:
        return {"months": cr.months}
    if cr.kind == K.PROVIDER:
        return {"provider": cr.provider_id}
    return {"planned_costs": str(cr.planned_costs)}


def _require_reviewer(actor, cr: ChangeRequest) -> None:
    if actor.role not in REVIEWERS:
        raise PermissionDenied(_("Only caseworkers review change requests."))
    org_id = cr.voucher.application.organisation_id
    if Membership.objects.filter(user=actor, organisation_id=org_id).exists():
        raise PermissionDenied(_("You may not review a matter of your own organisation."))


def change_request_review(*, actor, change_request: ChangeRequest, note: str) -> ChangeRequest:
    """A caseworker reviews (submitted -> reviewed) with a note for the decider."""
    _require_reviewer(actor, change_request)
    note = (note or "").strip()
    if not note:
        raise DomainError(_("Write a note for the decision."), code="note_missing")
    return transition(
        change_request,
        CR.Status.REVIEWED,
        actor=actor,
        reason=note,
        fields={"reviewed_by": actor, "reviewed_at": timezone.now(), "review_note": note},
    )


def change_request_withdraw(*, actor, change_request: ChangeRequest, reason: str = ""):
    """The company withdraws its request before the decision."""
    _require_member(actor, change_request.voucher.application.organisation)
    return transition(change_request, CR.Status.WITHDRAWN, actor=actor, reason=reason or "")


# --- the decision -----------------------------------------------------------------------


def change_request_decide_check(*, actor, change_request: ChangeRequest) -> None:
    """Raise unless `actor` may decide: a decider who did not review the request and
    is no member of the company (the policy of every decision)."""
    separation_of_duties_check(
        actor=actor,
        deciders=DECIDERS,
        prepared_by=[change_request.reviewed_by_id],
        organisation_id=change_request.voucher.application.organisation_id,
        refusal=_("Only approvers decide on change requests."),
    )


def change_request_decide_refusal(*, actor, change_request: ChangeRequest) -> str | None:
    """Why `actor` may not decide now (for pages), or None."""
    if change_request.status != CR.Status.REVIEWED:
        return _("The request must be reviewed first.")
    try:
        change_request_decide_check(actor=actor, change_request=change_request)
    except DomainError as exc:
        return exc.message
    return None


def _figures(voucher: Voucher) -> dict:
    app = voucher.application
    return {
        "amount": str(voucher.amount),
        "valid_until": voucher.valid_until.isoformat(),
        "provider": app.provider.name if app.provider_id else "",
        "planned_costs": str(app.planned_costs),
    }


def _costs_apply(actor, cr: ChangeRequest, voucher: Voucher, today) -> None:
    app = voucher.application
    costs, grant = _costs_check(voucher, cr.planned_costs)
    delta = grant - voucher.amount
    budget, committed = call_budget_account(app.call), call_committed_account(app.call)
    accounts_lock(budget.pk, committed.pk)
    if delta > 0:
        try:
            transfer_create(
                key=f"change:{cr.pk}:commit",
                source=budget,
                destination=committed,
                amount=delta,
                kind="commitment",
                memo=f"{app.reference} {cr.reference}",
            )
        except InsufficientFunds:
            raise Conflict(
                _("The call's budget is exhausted: %(delta)s more cannot be committed.")
                % {"delta": format_eur(delta)},
                code="budget_exhausted",
            ) from None
    else:
        transfer_create(
            key=f"change:{cr.pk}:release",
            source=committed,
            destination=budget,
            amount=-delta,
            kind="release",
            memo=f"{app.reference} {cr.reference}",
        )
    reference = f"application:{app.pk}"
    # the single undertaking's awards, serialised as `aid_award_record` does
    members = single_undertaking_ids(organisation=app.organisation)
    list(Organisation.objects.select_for_update().filter(pk__in=members).order_by("pk"))
    if delta > 0 and app.programme.is_de_minimis:
        check = de_minimis_check(
            programme=app.programme,
            organisation=app.organisation,
            amount=grant,
            decision_date=today,
            exclude_reference=reference,
        )
        if not check.passed:
            raise Conflict(check.explanation, code="de_minimis")
    if AidAward.objects.filter(source=AidAward.Source.PLATFORM, reference=reference).exists():
        aid_award_adjust(actor=actor, reference=reference, amount=grant, reason=cr.reference)
    Application.objects.filter(pk=app.pk).update(
        planned_costs=costs, granted_amount=grant, updated_at=timezone.now()
    )
    app.planned_costs, app.granted_amount = costs, grant
    voucher.amount = grant


def _apply(actor, cr: ChangeRequest, voucher: Voucher, today) -> list[str]:
    """Change the voucher's figures (and move the money); the fields of the voucher
    to save."""
    app = voucher.application
    if cr.kind == K.EXTENSION:
        _extension_check(voucher, cr.months)
        voucher.valid_until = add_months(voucher.valid_until, cr.months)
        voucher.reminder_sent_at = None
        return ["valid_until", "reminder_sent_at"]
    if cr.kind == K.PROVIDER:
        acc = _provider_check(voucher, cr.provider, today)
        acc = Accreditation.objects.select_for_update().get(pk=acc.pk)
        _provider_cap_check(voucher, acc, today)
        Application.objects.filter(pk=app.pk).update(
            provider=cr.provider, updated_at=timezone.now()
        )
        app.provider = cr.provider
        return []
    _costs_apply(actor, cr, voucher, today)
    return ["amount"]


def change_request_decide(
    *, actor, change_request: ChangeRequest, approve: bool, note: str = ""
) -> ChangeRequest:
    """Approve (the change takes effect, the money moves) or reject a reviewed request;
    either way a notice is issued."""
    note = (note or "").strip()
    with transaction.atomic():
        voucher = (
            Voucher.objects.select_for_update(of=("self",))
            .select_related("application__programme", "application__call", "application__provider")
            .get(pk=change_request.voucher_id)
        )
        cr = ChangeRequest.objects.select_for_update().get(pk=change_request.pk)
        cr.voucher = voucher
        change_request_decide_check(actor=actor, change_request=cr)
        if cr.status != CR.Status.REVIEWED:
            raise Conflict(
                _("Only reviewed change requests can be decided; this one is %(status)s.")
                % {"status": cr.get_status_display()},
                code="invalid_transition",
            )
        now, today = timezone.now(), timezone.localdate()
        before = _figures(voucher)
        fields = {
            "decided_by": actor,
            "decided_at": now,
            "decision_note": note,
            "before": before,
            "after": before,
        }
        if approve:
            _voucher_active(voucher)
            changed = _apply(actor, cr, voucher, today)
            if changed:
                voucher.save(update_fields=changed)
            fields["after"] = _figures(voucher)
            audit_record(
                actor=actor,
                action="voucher.change",
                obj=voucher,
                reason=cr.reference,
                data={"kind": cr.kind, "before": before, "after": fields["after"]},
            )
            status = CR.Status.APPROVED
        else:
            if not note:
                raise DomainError(_("A rejection needs reasons."), code="reason_missing")
            status = CR.Status.REJECTED
        cr = transition(cr, status, actor=actor, reason=note, fields=fields, locked=True)
        cr.voucher = voucher
        _notice_issue(cr)
        _notify(cr)
        return cr


def _notice_issue(cr: ChangeRequest) -> ChangeNotice:
    notice = ChangeNotice(change_request=cr)
    notice.fill_from(
        CheckedUpload(
            kind=PDF,
            content=change_notice_pdf(change_request=cr),
            original_name=f"Aenderungsbescheid-{cr.reference}.pdf",
        ),
        folder=f"documents/{cr.voucher.application_id}/changes",
    )
    notice.save()
    return notice


def _notify(cr: ChangeRequest) -> None:
    from kivoucher.applications.notifications import notify_applicant

    notify_applicant(
        application=cr.voucher.application,
        subject=_("Decision on your change request %(ref)s") % {"ref": cr.reference},
        body=_("Your change request was %(status)s. The notice is on the voucher's page.")
        % {"status": cr.get_status_display()},
    )
