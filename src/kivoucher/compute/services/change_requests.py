"""Change requests on a compute voucher: a longer validity or another data centre.

- `extension`: at most `Programme.extension_months_max` months at a time, at most
  `Programme.extensions_max` times per voucher (the programme of the voucher);
- `data_centre`: another onboarded data centre whose Gaia-X evidence is valid. The
  voucher's unused balance stays on its ledger account (no money moves); its Slurm
  account mapping is cleared (the new data centre maps it anew), and pending holds
  at the old data centre must be settled or released first.

The company submits with a reason, a caseworker reviews, a second person decides
under the separation-of-duties policy of every decision (`core.workflow`); one
request per voucher is open at a time; the decision issues a German notice (PDF).
"""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kivoucher.compute.documents import compute_change_notice_pdf
from kivoucher.compute.models import (
    ComputeChangeNotice,
    ComputeChangeRequest,
    ComputeHold,
    ComputeVoucher,
    DataCentre,
)
from kivoucher.compute.services.notify import notification_send
from kivoucher.core.audit import audit_record
from kivoucher.core.dates import add_months
from kivoucher.core.errors import Conflict, DomainError, PermissionDenied
from kivoucher.core.roles import Role
from kivoucher.core.uploads import PDF, CheckedUpload
from kivoucher.core.workflow import separation_of_duties_check, transition
from kivoucher.organizations.models import Membership

CR = ComputeChangeRequest
K = ComputeChangeRequest.Kind
REVIEWERS = {Role.CASEWORKER, Role.PROGRAMME_ADMIN}
DECIDERS = {Role.APPROVER, Role.PROGRAMME_ADMIN}


def _require_member(actor, voucher: ComputeVoucher) -> None:
    if (
        getattr(actor, "role", None) != Role.APPLICANT
        or not Membership.objects.filter(
            user=actor, organisation_id=voucher.organisation_id
        ).exists()
    ):
        raise PermissionDenied(_("Only the company's own staff may ask for a change."))


def _voucher_active(voucher: ComputeVoucher) -> None:
    if voucher.status != ComputeVoucher.Status.ACTIVE:
        raise Conflict(
            _("Only an active voucher can be changed; this one is %(status)s.")
            % {"status": voucher.get_status_display()},
            code="voucher_not_active",
        )


def _extension_check(voucher: ComputeVoucher, months) -> None:
    programme = voucher.programme
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


def _data_centre_check(voucher: ComputeVoucher, data_centre: DataCentre | None) -> None:
    if data_centre is None:
        raise DomainError(_("Name the new data centre."), code="invalid_data_centre", status=422)
    if data_centre.pk == voucher.data_centre_id:
        raise DomainError(_("This is the voucher's data centre already."), code="no_change")
    if not data_centre.accepts_new_vouchers:
        raise Conflict(
            _("%(dc)s accepts no vouchers: its Gaia-X evidence is not valid.")
            % {"dc": data_centre.organisation.name},
            code="data_centre_suspended",
        )


def _check(voucher: ComputeVoucher, *, kind: str, months=None, data_centre=None) -> None:
    _voucher_active(voucher)
    if kind == K.EXTENSION:
        _extension_check(voucher, months)
    elif kind == K.DATA_CENTRE:
        _data_centre_check(voucher, data_centre)
    else:
        raise DomainError(_("Unknown kind of change."), code="invalid_kind", status=422)


def _open_exists() -> Conflict:
    return Conflict(
        _(
            "A change request on this voucher is open already; wait for its decision or "
            "withdraw it."
        ),
        code="open_change_request",
    )


def compute_change_request_submit(
    *,
    actor,
    voucher: ComputeVoucher,
    kind: str,
    reason: str,
    months: int | None = None,
    data_centre: DataCentre | None = None,
) -> ComputeChangeRequest:
    """The company asks for a change of its compute voucher."""
    _require_member(actor, voucher)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Give the reason for the change."), code="reason_missing")
    with transaction.atomic():
        voucher = (
            ComputeVoucher.objects.select_for_update(of=("self",))
            .select_related("programme")
            .get(pk=voucher.pk)
        )
        if voucher.change_requests.filter(status__in=CR.OPEN).exists():
            raise _open_exists()
        _check(voucher, kind=kind, months=months, data_centre=data_centre)
        fields = {"voucher": voucher, "kind": kind, "reason": reason, "submitted_by": actor}
        if kind == K.EXTENSION:
            fields["months"] = months
        else:
            fields["data_centre"] = data_centre
        try:
            with transaction.atomic():
                cr = ComputeChangeRequest.objects.create(**fields)
        except IntegrityError:
            raise _open_exists() from None
        audit_record(
            actor=actor,
            action="compute.computechangerequest.submitted",
            obj=cr,
            new_state=cr.status,
            reason=reason,
            data={
                "voucher": voucher.code,
                "kind": kind,
                "months": months,
                "data_centre": data_centre.code if data_centre else None,
            },
        )
        return cr


def compute_change_request_review(
    *, actor, change_request: ComputeChangeRequest, note: str
) -> ComputeChangeRequest:
    if getattr(actor, "role", None) not in REVIEWERS:
        raise PermissionDenied(_("Only caseworkers review change requests."))
    org_id = change_request.voucher.organisation_id
    if Membership.objects.filter(user=actor, organisation_id=org_id).exists():
        raise PermissionDenied(_("You may not review a matter of your own organisation."))
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


def compute_change_request_withdraw(
    *, actor, change_request: ComputeChangeRequest, reason: str = ""
) -> ComputeChangeRequest:
    _require_member(actor, change_request.voucher)
    return transition(change_request, CR.Status.WITHDRAWN, actor=actor, reason=reason or "")


def compute_change_request_decide_check(*, actor, change_request: ComputeChangeRequest) -> None:
    separation_of_duties_check(
        actor=actor,
        deciders=DECIDERS,
        prepared_by=[change_request.reviewed_by_id],
        organisation_id=change_request.voucher.organisation_id,
        refusal=_("Only approvers decide on change requests."),
    )


def compute_change_request_decide_refusal(
    *, actor, change_request: ComputeChangeRequest
) -> str | None:
    if change_request.status != CR.Status.REVIEWED:
        return _("The request must be reviewed first.")
    try:
        compute_change_request_decide_check(actor=actor, change_request=change_request)
    except DomainError as exc:
        return exc.message
    return None


def _figures(voucher: ComputeVoucher) -> dict:
    return {
        "value": str(voucher.value),
        "valid_until": voucher.valid_until.isoformat(),
        "data_centre": voucher.data_centre.organisation.name,
        "slurm_account": voucher.slurm_account,
    }


def _apply(cr: ComputeChangeRequest, voucher: ComputeVoucher) -> list[str]:
    if cr.kind == K.EXTENSION:
        _extension_check(voucher, cr.months)
        voucher.valid_until = add_months(voucher.valid_until, cr.months)
        return ["valid_until"]
    _data_centre_check(voucher, cr.data_centre)
    if ComputeHold.objects.filter(voucher=voucher, status=ComputeHold.Status.PENDING).exists():
        raise Conflict(
            _(
                "Holds of the current data centre are pending on this voucher; they must be "
                "settled or released before the data centre changes."
            ),
            code="holds_pending",
        )
    voucher.data_centre = cr.data_centre
    voucher.slurm_account = ""
    voucher.slurm_users = []
    return ["data_centre", "slurm_account", "slurm_users"]


def compute_change_request_decide(
    *, actor, change_request: ComputeChangeRequest, approve: bool, note: str = ""
) -> ComputeChangeRequest:
    """Approve (the change takes effect) or reject a reviewed request; either way a
    notice is issued."""
    note = (note or "").strip()
    with transaction.atomic():
        voucher = (
            ComputeVoucher.objects.select_for_update(of=("self",))
            .select_related("programme", "organisation", "data_centre__organisation")
            .get(pk=change_request.voucher_id)
        )
        cr = ComputeChangeRequest.objects.select_for_update().get(pk=change_request.pk)
        cr.voucher = voucher
        compute_change_request_decide_check(actor=actor, change_request=cr)
        if cr.status != CR.Status.REVIEWED:
            raise Conflict(
                _("Only reviewed change requests can be decided; this one is %(status)s.")
                % {"status": cr.get_status_display()},
                code="invalid_transition",
            )
        before = _figures(voucher)
        old_dc = voucher.data_centre
        fields = {
            "decided_by": actor,
            "decided_at": timezone.now(),
            "decision_note": note,
            "before": before,
            "after": before,
        }
        if approve:
            _voucher_active(voucher)
            voucher.save(update_fields=_apply(cr, voucher))
            fields["after"] = _figures(voucher)
            audit_record(
                actor=actor,
                action="compute_voucher.change",
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
        notice = ComputeChangeNotice(change_request=cr)
        notice.fill_from(
            CheckedUpload(
                kind=PDF,
                content=compute_change_notice_pdf(change_request=cr),
                original_name=f"Aenderungsbescheid-{cr.reference}.pdf",
            ),
            folder=f"compute/changes/{voucher.code}",
        )
        notice.save()
        _notify(cr, old_dc)
        return cr


def _notify(cr: ComputeChangeRequest, old_dc: DataCentre) -> None:
    voucher = cr.voucher
    message = _("Change request %(ref)s on voucher %(code)s was %(status)s.") % {
        "ref": cr.reference,
        "code": voucher.code,
        "status": cr.get_status_display(),
    }
    orgs = [voucher.organisation]
    if cr.status == CR.Status.APPROVED and cr.kind == K.DATA_CENTRE:
        orgs += [old_dc.organisation, voucher.data_centre.organisation]
    for org in orgs:
        notification_send(
            organisation=org, kind=f"change:{cr.pk}", message=message, voucher=voucher
        )
