"""Drafting, submitting and withdrawing an application (the applicant's side)."""

from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kivoucher.applications.eligibility import application_check, ties_declared
from kivoucher.applications.models import Application, DeclaredAid, Revision
from kivoucher.core.audit import audit_record
from kivoucher.core.errors import Conflict, DomainError, PermissionDenied
from kivoucher.core.models import User
from kivoucher.core.money import parse_money
from kivoucher.core.roles import Role
from kivoucher.core.workflow import transition
from kivoucher.organizations.models import Membership, Organisation
from kivoucher.organizations.selectors import membership_signatory_check
from kivoucher.programmes.deminimis import aid_declare
from kivoucher.programmes.models import Call, ProjectCategory
from kivoucher.providers.selectors import accreditation_active

EDITABLE_FIELDS = (
    "title",
    "description",
    "category",
    "provider",
    "planned_costs",
    "planned_start",
    "planned_end",
    "sme_declared",
    "not_in_difficulty",
    "de_minimis_declared",
    "declared_ties",
)


def _require_member(actor: User, organisation: Organisation) -> None:
    if (
        actor.role != Role.APPLICANT
        or not Membership.objects.filter(user=actor, organisation=organisation).exists()
    ):
        raise PermissionDenied(_("Only the company's own staff may apply for it."))


def _provider_check(provider: Organisation, programme, organisation: Organisation) -> None:
    """The provider must be one of the directory: accredited for the programme today,
    and not the applicant itself. Refused at once, not silently saved for the
    eligibility check to fail later."""
    if (
        provider.pk == organisation.pk
        or accreditation_active(organisation=provider, programme=programme) is None
    ):
        raise DomainError(
            _(
                "%(name)s is not an accredited provider of this programme; choose a "
                "provider from the provider directory."
            )
            % {"name": provider.name},
            code="invalid_provider",
            status=422,
        )


def _clean(fields: dict, programme, organisation: Organisation) -> dict:
    cleaned = {}
    for name, value in fields.items():
        if name not in EDITABLE_FIELDS:
            raise DomainError(_("Unknown field: %(name)s") % {"name": name})
        if name == "planned_costs":
            value = parse_money(value if value not in (None, "") else "0", field=_("Planned costs"))
        if name == "category" and value is not None:
            if not isinstance(value, ProjectCategory) or value.programme_id != programme.pk:
                raise DomainError(_("This category is not in the programme's annex."))
        if name == "provider" and value is not None:
            if not isinstance(value, Organisation):
                raise DomainError(_("Unknown provider."), code="invalid_provider", status=422)
            _provider_check(value, programme, organisation)
        if name in ("planned_start", "planned_end") and value is not None:
            if not isinstance(value, date):
                raise DomainError(_("Dates must be given as YYYY-MM-DD."))
        if name in ("title", "description", "declared_ties"):
            value = (value or "").strip()
        if name == "declared_ties" and not ties_declared(value):
            value = ""  # "Keine", "-": no ties, stored as such
        cleaned[name] = value
    if cleaned.get("title", "x") == "":
        raise DomainError(_("A project title is needed."), code="title_missing")
    return cleaned


def application_create(
    *,
    actor: User,
    organisation: Organisation,
    call: Call,
    declared_aid: Iterable[dict] = (),
    **fields,
) -> Application:
    """Save a new draft with the earlier aid it declares (`declared_aid`: the keyword
    arguments of `declared_aid_add`); incomplete drafts are fine, submission checks
    everything. All or nothing."""
    _require_member(actor, organisation)
    fields = _clean(fields, call.programme, organisation)
    if not fields.get("title"):
        raise DomainError(_("A project title is needed."), code="title_missing")
    with transaction.atomic():
        app = Application(
            programme=call.programme,
            call=call,
            organisation=organisation,
            created_by=actor,
            **fields,
        )
        app.full_clean(exclude=["eligibility"])
        app.save()
        audit_record(actor=actor, action="application.create", obj=app, new_state=app.status)
        for aid in declared_aid:
            declared_aid_add(actor=actor, application=app, **aid)
        return app


def application_update(
    *, actor: User, application: Application, declared_aid: Iterable[dict] = (), **fields
) -> Application:
    """Change a draft (or one awaiting information) and add earlier aid; all or nothing."""
    _require_member(actor, application.organisation)
    fields = _clean(fields, application.programme, application.organisation)
    with transaction.atomic():
        app = Application.objects.select_for_update().get(pk=application.pk)
        if not app.is_editable:
            raise Conflict(
                _("A %(status)s application cannot be changed.")
                % {"status": app.get_status_display()},
                code="not_editable",
            )
        changed = {}
        for name, value in fields.items():
            old = getattr(app, name)
            if old != value:
                changed[name] = [str(old), str(value)]
                setattr(app, name, value)
        app.full_clean(exclude=["eligibility"])
        if changed:
            app.save(update_fields=[*fields, "updated_at"])
            audit_record(
                actor=actor, action="application.update", obj=app, data={"changed": changed}
            )
        for aid in declared_aid:
            declared_aid_add(actor=actor, application=app, **aid)
        return app


def declared_aid_add(
    *, actor: User, application: Application, granting_body: str, amount, granted_on: date
) -> DeclaredAid:
    _require_member(actor, application.organisation)
    amount = parse_money(amount, field=_("Amount"))
    if amount <= 0:
        raise DomainError(_("Amount must be positive."), code="invalid_amount")
    if not granting_body.strip():
        raise DomainError(_("Name the granting body."))
    if granted_on > timezone.localdate():
        raise DomainError(_("Declared aid cannot be granted in the future."))
    with transaction.atomic():
        app = Application.objects.select_for_update().get(pk=application.pk)
        if not app.is_editable:
            raise Conflict(_("The application cannot be changed now."), code="not_editable")
        aid = DeclaredAid.objects.create(
            application=app,
            granting_body=granting_body.strip(),
            amount=amount,
            granted_on=granted_on,
        )
        audit_record(
            actor=actor,
            action="application.declare_aid",
            obj=app,
            data={"amount": str(amount), "granted_on": granted_on.isoformat()},
        )
        return aid


def declared_aid_remove(*, actor: User, aid: DeclaredAid) -> None:
    _require_member(actor, aid.application.organisation)
    with transaction.atomic():
        app = Application.objects.select_for_update().get(pk=aid.application_id)
        if app.status != Application.Status.DRAFT:
            raise Conflict(_("Declared aid can only be removed from a draft."), code="not_editable")
        audit_record(
            actor=actor, action="application.remove_aid", obj=app, data={"amount": str(aid.amount)}
        )
        aid.delete()


def _snapshot(app: Application) -> dict:
    return {
        "title": app.title,
        "description": app.description,
        "category": app.category.code if app.category else None,
        "provider": app.provider_id,
        "planned_costs": str(app.planned_costs),
        "planned_start": app.planned_start.isoformat() if app.planned_start else None,
        "planned_end": app.planned_end.isoformat() if app.planned_end else None,
        "declarations": {
            "sme": app.sme_declared,
            "not_in_difficulty": app.not_in_difficulty,
            "de_minimis": app.de_minimis_declared,
            "ties": app.declared_ties,
        },
        "declared_aid": [
            {"body": a.granting_body, "amount": str(a.amount), "on": a.granted_on.isoformat()}
            for a in app.declared_aid.all()
        ],
    }


def application_submit(*, actor: User, application: Application, note: str = "") -> Application:
    """Submit (or resubmit after a request for information) if every rule passes.
    Submitting makes the application's declarations binding: owners and signatories
    of the company only (members draft)."""
    _require_member(actor, application.organisation)
    membership_signatory_check(actor=actor, organisation=application.organisation)
    with transaction.atomic():
        app = Application.objects.select_for_update().get(pk=application.pk)
        if app.status not in Application.EDITABLE:
            raise Conflict(
                _("A %(status)s application cannot be submitted.")
                % {"status": app.get_status_display()},
                code="invalid_transition",
            )
        check = application_check(application=app)
        if not check.passed:
            raise DomainError(
                _("The application does not meet every rule yet: %(rules)s")
                % {"rules": "; ".join(f"{r.label}: {r.explanation}" for r in check.failed_rules)},
                code="not_eligible",
            )
        for aid in app.declared_aid.all():
            aid_declare(
                actor=actor,
                organisation=app.organisation,
                granting_body=aid.granting_body,
                amount=aid.amount,
                granted_on=aid.granted_on,
                reference=f"declared:{aid.pk}",
            )
        now = timezone.now()
        number = app.revisions.count() + 1
        Revision.objects.create(
            application=app, number=number, data=_snapshot(app), note=note, created_by=actor
        )
        fields = {
            "eligibility": check.as_dict(),
            "size_class": check.size_class,
            "requested_grant": check.grant,
            "last_submitted_at": now,
        }
        if app.submitted_at is None:
            fields["submitted_at"] = now
        if app.status == Application.Status.INFO_REQUESTED:
            pending = app.info_requests.filter(answered_at__isnull=True)
            pending.update(answer=note, answered_at=now)
        return transition(
            app,
            Application.Status.SUBMITTED,
            actor=actor,
            reason=note,
            fields=fields,
            data={"revision": number, "grant": str(check.grant)},
            locked=True,
        )


def application_withdraw(*, actor: User, application: Application, reason: str = ""):
    """The applicant withdraws; an approved application releases its commitment."""
    from kivoucher.applications.services.vouchers import commitment_release, paid_out_of_voucher

    _require_member(actor, application.organisation)
    with transaction.atomic():
        app = Application.objects.select_for_update().get(pk=application.pk)
        voucher = getattr(app, "voucher", None)
        if voucher is not None:
            if voucher.status != voucher.Status.ACTIVE or voucher.proofs.exists():
                raise Conflict(
                    _("A voucher with a proof of use can no longer be withdrawn."),
                    code="invalid_transition",
                )
            voucher = type(voucher).objects.select_for_update().get(pk=voucher.pk)
            if paid_out_of_voucher(voucher) > 0:  # read under the voucher's lock
                raise Conflict(
                    _(
                        "Instalments were paid on this voucher: it ends with the proof of "
                        "use, it can no longer be withdrawn."
                    ),
                    code="invalid_transition",
                )
            transition(voucher, voucher.Status.CANCELLED, actor=actor, reason=reason)
            commitment_release(actor=actor, application=app, amount=voucher.amount, tag="withdrawn")
        return transition(
            app, Application.Status.WITHDRAWN, actor=actor, reason=reason, locked=True
        )


def application_grant_preview(*, application: Application) -> Decimal:
    return application_check(application=application).grant
