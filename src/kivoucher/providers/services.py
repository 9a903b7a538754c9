"""Writes of accreditations: apply with evidence, decide, revoke, expire."""

from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from kivoucher.core.audit import audit_record
from kivoucher.core.dates import add_months
from kivoucher.core.errors import Conflict, DomainError, PermissionDenied
from kivoucher.core.models import User
from kivoucher.core.money import parse_money
from kivoucher.core.roles import Role
from kivoucher.core.site import absolute_url
from kivoucher.core.uploads import CheckedUpload
from kivoucher.core.validators import web_url_clean
from kivoucher.core.workflow import transition
from kivoucher.organizations.models import Membership, Organisation
from kivoucher.organizations.selectors import recipients_of
from kivoucher.programmes.models import Line, Programme, ProjectCategory
from kivoucher.providers.models import Accreditation, AccreditationCriterion, Competence, Evidence

DECIDERS = {Role.PROGRAMME_ADMIN}
RENEWAL_DAYS = 60


def accreditation_apply(
    *,
    actor: User,
    organisation: Organisation,
    programme: Programme,
    answers: dict[str, bool],
    competences: list[str],
    categories: list[ProjectCategory],
    description: str,
    website: str = "",
    evidence: list[CheckedUpload],
) -> Accreditation:
    """A provider applies for accreditation with the checklist and its evidence."""
    if programme.line != Line.PROJECT:
        raise DomainError(_("Providers are accredited for the KI-Voucher line only."))
    if not Membership.objects.filter(user=actor, organisation=organisation).exists():
        raise PermissionDenied(_("You may apply only for your own organisation."))
    if organisation.kind not in (Organisation.Kind.PROVIDER, Organisation.Kind.COMPANY):
        raise DomainError(_("Only AI start-ups and SMEs can be accredited as providers."))
    criteria = list(AccreditationCriterion.objects.filter(programme=programme, active=True))
    unknown = set(answers) - {c.code for c in criteria}
    if unknown:
        raise DomainError(_("Unknown criteria: %(codes)s") % {"codes": ", ".join(sorted(unknown))})
    bad = set(competences) - set(Competence.values)
    if bad:
        raise DomainError(_("Unknown competences: %(codes)s") % {"codes": ", ".join(sorted(bad))})
    if not competences:
        raise DomainError(_("Name at least one competence."))
    if any(c.programme_id != programme.pk for c in categories):
        raise DomainError(_("A project category does not belong to this programme."))
    if not evidence:
        raise DomainError(_("Upload at least one piece of evidence."), code="evidence_missing")
    if not description.strip():
        raise DomainError(_("Describe your company and its AI projects."))
    website = web_url_clean(website)
    with transaction.atomic():
        # One open application; a valid accreditation is renewed in its last months.
        renew_from = timezone.localdate() + timedelta(days=RENEWAL_DAYS)
        open_ = Accreditation.objects.select_for_update().filter(
            Q(status=Accreditation.Status.SUBMITTED)
            | Q(status=Accreditation.Status.ACCREDITED, valid_until__gt=renew_from),
            organisation=organisation,
            programme=programme,
        )
        if open_.exists():
            raise Conflict(
                _(
                    "There already is an open or valid accreditation for this programme; "
                    "it can be renewed in the last %(days)s days of its validity."
                )
                % {"days": RENEWAL_DAYS},
                code="duplicate",
            )
        acc = Accreditation.objects.create(
            organisation=organisation,
            programme=programme,
            answers={c.code: bool(answers.get(c.code)) for c in criteria},
            competences="|" + "|".join(sorted(set(competences))) + "|",
            description=description.strip(),
            website=website,
            submitted_by=actor,
        )
        acc.categories.set(categories)
        for checked in evidence:
            doc = Evidence(accreditation=acc, uploaded_by=actor)
            doc.fill_from(checked, folder=f"accreditations/{acc.pk}")
            doc.save()
        audit_record(
            actor=actor,
            action="accreditation.submit",
            obj=acc,
            new_state=acc.status,
            data={"evidence": len(evidence), "competences": sorted(set(competences))},
        )
        return acc


def accreditation_decider(user: User) -> bool:
    """Programme admins, and superusers unless they are auditors, decide accreditations."""
    return (user.role in DECIDERS or user.is_superuser) and user.role != Role.AUDITOR


def _require_decider(actor: User) -> None:
    if not accreditation_decider(actor):
        raise PermissionDenied(_("Only programme admins decide on accreditations."))


def accreditation_decide(
    *,
    actor: User,
    accreditation: Accreditation,
    approve: bool,
    reason: str = "",
    annual_cap: Decimal | str | None = None,
    today: date | None = None,
) -> Accreditation:
    _require_decider(actor)
    if Membership.objects.filter(user=actor, organisation=accreditation.organisation).exists():
        raise PermissionDenied(_("You may not decide on your own organisation."))
    now = timezone.now()
    fields = {"decided_by": actor, "decided_at": now, "reason": reason}
    if approve:
        unmet = [code for code, ok in accreditation.answers.items() if not ok]
        if unmet:
            raise Conflict(
                _("Criteria not met: %(codes)s") % {"codes": ", ".join(unmet)},
                code="criteria_not_met",
            )
        today = today or timezone.localdate()
        cap = (
            parse_money(annual_cap, field=_("Annual cap"))
            if annual_cap not in (None, "")
            else accreditation.programme.provider_annual_cap
        )
        fields.update(
            valid_from=today,
            valid_until=add_months(today, accreditation.programme.accreditation_validity_months),
            annual_cap=cap,
        )
        status = Accreditation.Status.ACCREDITED
    else:
        if not reason.strip():
            raise DomainError(_("A rejection needs a reason."), code="reason_missing")
        status = Accreditation.Status.REJECTED
    return transition(accreditation, status, actor=actor, reason=reason, fields=fields)


def accreditation_revoke(*, actor: User, accreditation: Accreditation, reason: str):
    _require_decider(actor)
    if not reason.strip():
        raise DomainError(_("A revocation needs a reason."), code="reason_missing")
    return transition(
        accreditation,
        Accreditation.Status.REVOKED,
        actor=actor,
        reason=reason,
        fields={"reason": reason},
    )


def accreditations_expire(*, today: date | None = None) -> int:
    """Accreditations past their validity expire (the daily job)."""
    today = today or timezone.localdate()
    count = 0
    due = Accreditation.objects.filter(
        status=Accreditation.Status.ACCREDITED, valid_until__lt=today
    ).order_by("pk")
    for acc in due:
        transition(acc, Accreditation.Status.EXPIRED, actor=None, reason=_("validity period ended"))
        count += 1
    return count


def accreditations_remind(*, today: date | None = None, days: int = RENEWAL_DAYS) -> int:
    """Remind providers whose accreditation ends within `days` to apply again (once)."""
    from kivoucher.core.mail import mail_send

    today = today or timezone.localdate()
    due = Accreditation.objects.filter(
        status=Accreditation.Status.ACCREDITED,
        reminder_sent_at__isnull=True,
        valid_until__gte=today,
        valid_until__lte=today + timedelta(days=days),
    ).select_related("organisation")
    sent = 0
    for acc in due:
        with transaction.atomic():
            if not Accreditation.objects.filter(pk=acc.pk, reminder_sent_at__isnull=True).update(
                reminder_sent_at=timezone.now()
            ):
                continue
            audit_record(actor=None, action="accreditation.remind", obj=acc)
            # stored with the reminder mark: a crash cannot mark it sent without its mail
            mail_send(
                subject=_("Your accreditation for %(programme)s ends on %(date)s")
                % {"programme": acc.programme.name, "date": acc.valid_until.strftime("%d.%m.%Y")},
                body=_(
                    "Apply for a new accreditation in time so that companies can keep "
                    "choosing you as their provider."
                )
                + f"\n\n{absolute_url('/providers/accreditation/')}",
                to=recipients_of(acc.organisation),
            )
        sent += 1
    return sent
