"""Receivables and recovery (Rückforderung) with hearing, decision and objection.

Ledger booking of a receivable (money the programme is owed):

- on creation, the whole amount due (principal + interest) moves from the
  receivable's own account `recovery:receivable:<id>` (floor None: it goes negative,
  by what the organisation owes) to `recovery:claims` (floor 0: the claims
  established and not yet settled), kind `receivable`;
- a repayment of X (a bank statement entry, `incoming.py`) moves X from
  `recovery:bank-incoming` (the outside world, floor None) to the receivable's
  account, kind `receivable_repayment`, and the same X from `recovery:claims` on:
  the principal part to the call's budget account (`call:<id>:budget`) with kind
  `receivable_recovered` (`programmes.figures.RECOVERED`: the call's available
  grows and its paid shrinks by it, so total = available + committed + paid still
  holds), the interest part to `recovery:interest-income` (revenue of the budget,
  not of the call). A repayment is applied to the principal first, then to the
  interest. Without a known call the principal goes to `recovery:recovered`;
- a write-off (an objection upheld) of W moves W from `recovery:claims` back to the
  receivable's account, kind `receivable_written_off`.

When a receivable is settled its account and its share of `recovery:claims` are 0.
Every transfer has a key (`recovery:…`), so a retried call books nothing twice.
"""

import calendar
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kivoucher.core.audit import audit_record
from kivoucher.core.errors import Conflict, DomainError, PermissionDenied
from kivoucher.core.money import ZERO, format_eur, parse_money
from kivoucher.core.roles import ACTING_STAFF_ROLES, Role
from kivoucher.core.workflow import separation_of_duties_check, transition
from kivoucher.ledger.services import account_get_or_create, transfer_create
from kivoucher.organizations.models import Organisation
from kivoucher.organizations.notifications import organisation_notify
from kivoucher.programmes.deminimis import aid_award_reduce
from kivoucher.programmes.figures import RECOVERED
from kivoucher.programmes.models import Call
from kivoucher.programmes.services import call_budget_account
from kivoucher.recovery.interest import Interest, interest_compute, rates_for
from kivoucher.recovery.models import Objection, Receivable, RecoveryCase, Repayment
from kivoucher.recovery.origins import origin_resolve

CLAIMS = "recovery:claims"
BANK_INCOMING = "recovery:bank-incoming"
INTEREST_INCOME = "recovery:interest-income"
UNALLOCATED = "recovery:recovered"
HEARING_WEEKS = 4
OBJECTION_MONTHS = 1
DECIDERS = (Role.APPROVER, Role.PROGRAMME_ADMIN)


def _claims_account():
    return account_get_or_create(code=CLAIMS, name="Receivables established (claims)")


def _money(value, field: str) -> Decimal:
    amount = parse_money(value, field=field)
    if amount <= 0:
        raise DomainError(
            _("%(field)s must be positive.") % {"field": field}, code="invalid_amount"
        )
    return amount


def _require_text(value: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise DomainError(message, code="reason_missing")
    return value


def _acting_staff(actor) -> None:
    if getattr(actor, "role", None) not in ACTING_STAFF_ROLES:
        raise PermissionDenied(_("Only programme staff may do this."))


def _member_or_staff(actor, organisation_id: int) -> None:
    if getattr(actor, "role", None) in ACTING_STAFF_ROLES:
        return
    if actor.memberships.filter(organisation_id=organisation_id).exists():
        return
    raise PermissionDenied(_("Only the company or programme staff may do this."))


# --- receivables ---------------------------------------------------------------------


def receivable_create(
    *,
    actor,
    organisation: Organisation,
    origin: str,
    amount: Decimal,
    reason: str,
    kind: str = Receivable.Kind.OVERPAYMENT,
    interest: Decimal = ZERO,
    call: Call | None = None,
) -> Receivable:
    """Record money `organisation` owes the programme and book it (module docstring).
    `call`: whose budget the repaid principal returns to (found from `origin` when
    not given)."""
    amount = _money(amount, _("Amount"))
    interest = parse_money(interest, field=_("Interest"))
    if kind not in Receivable.Kind.values:
        raise DomainError(_("Unknown kind of receivable."), code="invalid")
    reason = _require_text(reason, _("A receivable needs a reason."))
    if call is None:
        found = origin_resolve(origin)
        call = found.call if found else None
    with transaction.atomic():
        receivable = Receivable.objects.create(
            organisation=organisation,
            kind=kind,
            origin=origin,
            call=call,
            amount=amount,
            interest=interest,
            reason=reason,
            created_by=actor if getattr(actor, "pk", None) else None,
        )
        account = account_get_or_create(
            code=f"recovery:receivable:{receivable.pk}",
            name=f"Receivable {receivable.reference}",
            floor=None,
        )
        receivable.account = account
        receivable.save(update_fields=["account"])
        transfer_create(
            key=f"recovery:receivable:{receivable.pk}",
            source=account,
            destination=_claims_account(),
            amount=receivable.total_due,
            kind="receivable",
            memo=receivable.reference,
        )
        audit_record(
            actor=actor,
            action="recovery.receivable.open",
            obj=receivable,
            new_state=Receivable.Status.OPEN,
            reason=reason,
            data={
                "kind": kind,
                "origin": origin,
                "amount": str(amount),
                "interest": str(interest),
                "organisation": organisation.pk,
            },
        )
    return receivable


def _split(receivable: Receivable, amount: Decimal) -> tuple[Decimal, Decimal]:
    """(principal part, interest part) of a repayment: the principal first."""
    principal_open = max(ZERO, receivable.amount - receivable.amount_repaid)
    principal = min(amount, principal_open)
    return principal, amount - principal


def receivable_repay(
    *,
    receivable_id: int,
    entry_id: str,
    amount: Decimal,
    booked_on: date,
    debtor_name: str = "",
    debtor_iban: str = "",
    remittance: str = "",
    actor=None,
) -> str:
    """Match a bank statement entry: "matched" (a partial repayment too),
    "already_matched" (this entry was matched before), "amount_differs" (more than is
    outstanding, or the receivable is closed: nothing booked), "unknown"."""
    amount = Decimal(amount)
    if amount <= 0:
        return "amount_differs"
    with transaction.atomic():
        receivable = Receivable.objects.select_for_update().filter(pk=receivable_id).first()
        if receivable is None:
            return "unknown"
        if Repayment.objects.filter(entry_id=entry_id).exists():
            return "already_matched"
        if receivable.status != Receivable.Status.OPEN or amount > receivable.outstanding:
            return "amount_differs"
        Repayment.objects.create(
            receivable=receivable,
            entry_id=entry_id,
            amount=amount,
            booked_on=booked_on,
            debtor_name=debtor_name[:200],
            debtor_iban=debtor_iban[:34],
            remittance=remittance[:300],
        )
        principal, interest = _split(receivable, amount)
        key = f"recovery:repayment:{receivable.pk}:{entry_id}"[:280]
        transfer_create(
            key=key,
            source=account_get_or_create(
                code=BANK_INCOMING, name="Repayments received (bank)", floor=None
            ),
            destination=receivable.account,
            amount=amount,
            kind="receivable_repayment",
            memo=receivable.reference,
        )
        if principal > 0:
            destination = (
                call_budget_account(receivable.call)
                if receivable.call_id
                else account_get_or_create(code=UNALLOCATED, name="Recovered (no call)")
            )
            transfer_create(
                key=f"{key}:principal",
                source=_claims_account(),
                destination=destination,
                amount=principal,
                kind=RECOVERED,
                memo=receivable.reference,
            )
        if interest > 0:
            transfer_create(
                key=f"{key}:interest",
                source=_claims_account(),
                destination=account_get_or_create(
                    code=INTEREST_INCOME, name="Interest on receivables (revenue)"
                ),
                amount=interest,
                kind="receivable_interest",
                memo=receivable.reference,
            )
        receivable.amount_repaid += amount
        if receivable.outstanding == 0:
            transition(
                receivable,
                Receivable.Status.PAID,
                actor=actor,
                reason=_("Repaid in full."),
                fields={"amount_repaid": receivable.amount_repaid, "closed_at": timezone.now()},
                data={"entry": entry_id, "amount": str(amount)},
                locked=True,
            )
        else:
            receivable.save(update_fields=["amount_repaid"])
            audit_record(
                actor=actor,
                action="recovery.receivable.repaid_partly",
                obj=receivable,
                data={
                    "entry": entry_id,
                    "amount": str(amount),
                    "outstanding": str(receivable.outstanding),
                },
            )
    return "matched"


def receivable_reduce(
    *, actor, receivable: Receivable, principal: Decimal, interest: Decimal, reason: str, key: str
) -> Receivable:
    """Lower what is owed by `principal` and `interest` (an objection upheld): the
    reduction is written off; money already repaid beyond the new amount is refused
    (it would need a refund by payout)."""
    principal, interest = Decimal(principal), Decimal(interest)
    total = principal + interest
    if total <= 0:
        return receivable
    with transaction.atomic():
        receivable = Receivable.objects.select_for_update().get(pk=receivable.pk)
        if receivable.status != Receivable.Status.OPEN or total > receivable.outstanding:
            raise Conflict(
                _(
                    "Only what is still outstanding (%(outstanding)s) can be written off; "
                    "money already repaid must be refunded by a payout."
                )
                % {"outstanding": format_eur(receivable.outstanding)},
                code="refund_needed",
            )
        transfer_create(
            key=key,
            source=_claims_account(),
            destination=receivable.account,
            amount=total,
            kind="receivable_written_off",
            memo=receivable.reference,
        )
        fields = {
            "amount": receivable.amount - principal,
            "interest": receivable.interest - interest,
            "amount_written_off": receivable.amount_written_off + total,
        }
        data = {"principal": str(principal), "interest": str(interest)}
        for name, value in fields.items():
            setattr(receivable, name, value)
        if receivable.outstanding == 0:
            status = (
                Receivable.Status.PAID
                if receivable.amount_repaid > 0
                else Receivable.Status.WRITTEN_OFF
            )
            transition(
                receivable,
                status,
                actor=actor,
                reason=reason,
                fields={**fields, "closed_at": timezone.now()},
                data=data,
                locked=True,
            )
        else:
            receivable.save(update_fields=list(fields))
            audit_record(
                actor=actor,
                action="recovery.receivable.reduced",
                obj=receivable,
                reason=reason,
                data=data,
            )
        return receivable


# --- recovery cases --------------------------------------------------------------------


def recovery_case_start(
    *, actor, origin: str, reason: str, amount=None, ineffective_on: date
) -> RecoveryCase:
    """A programme admin starts a recovery of a grant: all of it that was paid (amount
    None) or a part."""
    if getattr(actor, "role", None) != Role.PROGRAMME_ADMIN:
        raise PermissionDenied(_("Only programme admins start a recovery."))
    reason = _require_text(reason, _("A recovery needs a reason."))
    found = origin_resolve(origin)
    if found is None:
        raise DomainError(
            _("No grant %(origin)s is known.") % {"origin": origin}, code="unknown_origin"
        )
    if amount in (None, "", "whole"):
        amount = found.paid if found.paid > 0 else found.granted
    amount = _money(amount, _("Amount"))
    if amount > found.granted:
        raise DomainError(
            _("At most the grant (%(granted)s) can be recovered.")
            % {"granted": format_eur(found.granted)},
            code="amount_too_high",
        )
    if ineffective_on > timezone.localdate():
        raise DomainError(
            _("The day the grant became ineffective cannot lie in the future."),
            code="invalid_date",
        )
    with transaction.atomic():
        if (
            RecoveryCase.objects.filter(origin=found.origin)
            .exclude(status=RecoveryCase.Status.DROPPED)
            .exists()
        ):
            raise Conflict(
                _("A recovery of %(origin)s is already under way.") % {"origin": found.origin},
                code="duplicate",
            )
        case = RecoveryCase.objects.create(
            organisation=found.organisation,
            origin=found.origin,
            origin_label=found.label[:200],
            call=found.call,
            aid_reference=found.aid_reference,
            granted=found.granted,
            amount=amount,
            reason=reason,
            ineffective_on=ineffective_on,
            started_by=actor,
        )
        audit_record(
            actor=actor,
            action="recovery.recoverycase.started",
            obj=case,
            new_state=RecoveryCase.Status.STARTED,
            reason=reason,
            data={"origin": found.origin, "amount": str(amount)},
        )
    return case


def recovery_hearing_send(
    *, actor, case: RecoveryCase, deadline: date | None = None
) -> RecoveryCase:
    """Send the hearing notice (§ 28 VwVfG): the company may answer until `deadline`
    (four weeks by default)."""
    _acting_staff(actor)
    today = timezone.localdate()
    deadline = deadline or today + timedelta(weeks=HEARING_WEEKS)
    if deadline <= today:
        raise DomainError(_("The deadline must lie in the future."), code="invalid_date")
    with transaction.atomic():
        case = transition(
            case,
            RecoveryCase.Status.HEARING,
            actor=actor,
            fields={"hearing_sent_at": timezone.now(), "hearing_deadline": deadline},
            data={"deadline": deadline.isoformat()},
        )
        organisation_notify(
            organisation=case.organisation,
            subject=gettext_lazy("KI-Voucher: hearing before a recovery (%(origin)s)"),
            body=gettext_lazy(
                "We intend to demand %(amount)s of the grant %(origin)s back. Before we "
                "decide, you may state your view until %(deadline)s. The hearing notice "
                "with the reasons is on the platform."
            ),
            params={
                "amount": format_eur(case.amount),
                "origin": case.origin_label or case.origin,
                "deadline": deadline.strftime("%d.%m.%Y"),
            },
            path=case.get_absolute_url(),
        )
    return case


def recovery_answer_record(*, actor, case: RecoveryCase, answer: str) -> RecoveryCase:
    """The company's answer to the hearing (by the company, or recorded by staff)."""
    _member_or_staff(actor, case.organisation_id)
    answer = _require_text(answer, _("The answer is empty."))
    return transition(
        case,
        RecoveryCase.Status.ANSWERED,
        actor=actor,
        fields={"answer": answer, "answered_at": timezone.now(), "answered_by": actor},
    )


def recovery_interest(case: RecoveryCase, *, principal: Decimal, until: date) -> Interest:
    return interest_compute(
        principal=principal, start=case.ineffective_on, until=until, rates=rates_for()
    )


def recovery_decide(
    *, actor, case: RecoveryCase, recover: bool, reason: str, amount=None
) -> RecoveryCase:
    """Decide after the hearing: demand `amount` (the case's when None) back with the
    interest of § 49a (3) VwVfG, or drop the case. A second person decides."""
    separation_of_duties_check(
        actor=actor,
        deciders=DECIDERS,
        prepared_by=[case.started_by_id],
        organisation_id=case.organisation_id,
        refusal=_("Only approvers and programme admins decide a recovery."),
    )
    reason = _require_text(reason, _("A decision needs reasons."))
    if case.status == RecoveryCase.Status.HEARING and case.hearing_deadline:
        if recover and timezone.localdate() <= case.hearing_deadline:
            raise Conflict(
                _("The company may still answer until %(deadline)s.")
                % {"deadline": case.hearing_deadline.strftime("%d.%m.%Y")},
                code="hearing_open",
            )
    if not recover:
        return transition(
            case,
            RecoveryCase.Status.DROPPED,
            actor=actor,
            reason=reason,
            fields={"dropped_reason": reason, "decided_by": actor},
        )
    principal = case.amount if amount in (None, "") else _money(amount, _("Amount"))
    if principal > case.amount:
        raise DomainError(
            _("The decision cannot demand more than the hearing named (%(amount)s).")
            % {"amount": format_eur(case.amount)},
            code="amount_too_high",
        )
    today = timezone.localdate()
    interest = recovery_interest(case, principal=principal, until=today)
    with transaction.atomic():
        case = RecoveryCase.objects.select_for_update().get(pk=case.pk)
        if case.status not in (RecoveryCase.Status.HEARING, RecoveryCase.Status.ANSWERED):
            raise Conflict(
                _("Only a case after its hearing can be decided."), code="invalid_transition"
            )
        receivable = receivable_create(
            actor=actor,
            organisation=case.organisation,
            origin=case.origin,
            amount=principal,
            interest=interest.total,
            reason=reason,
            kind=Receivable.Kind.RECOVERY,
            call=case.call,
        )
        case = transition(
            case,
            RecoveryCase.Status.DECIDED,
            actor=actor,
            reason=reason,
            fields={
                "amount": principal,
                "decided_by": actor,
                "decided_on": today,
                "decision_reason": reason,
                "interest": interest.total,
                "interest_detail": interest.as_dict(),
                "receivable": receivable,
            },
            data={"amount": str(principal), "interest": str(interest.total)},
            locked=True,
        )
        if case.aid_reference:
            aid_award_reduce(
                actor=actor,
                award_reference=case.aid_reference,
                reference=f"recovery:{case.pk}",
                amount=principal,
                reduced_on=today,
                reason=_("Recovery %(reference)s") % {"reference": receivable.reference},
            )
        organisation_notify(
            organisation=case.organisation,
            subject=gettext_lazy("KI-Voucher: decision on the recovery (%(origin)s)"),
            body=gettext_lazy(
                "We demand %(amount)s and interest of %(interest)s back. Please transfer "
                "%(total)s with the reference %(reference)s. The decision letter is on "
                "the platform; you may object to it within one month."
            ),
            params={
                "amount": format_eur(principal),
                "interest": format_eur(interest.total),
                "total": format_eur(receivable.total_due),
                "reference": receivable.reference,
                "origin": case.origin_label or case.origin,
            },
            path=case.get_absolute_url(),
        )
    return case


def _months_after(day: date, months: int) -> date:
    """The day `months` later with the same day number, or the month's last day when it
    has none (§ 188 (2), (3) BGB)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def objection_deadline(case: RecoveryCase) -> date | None:
    """The last day an objection against the decision letter may be filed (§ 70 VwGO:
    one month after it was made known; counted here from the decision day)."""
    if case.decided_on is None:
        return None
    return _months_after(case.decided_on, OBJECTION_MONTHS)


def objection_file(
    *, actor, case: RecoveryCase, reason: str, filed_on: date | None = None
) -> Objection:
    """Record an objection (Widerspruch) against the decision letter, within one month."""
    _member_or_staff(actor, case.organisation_id)
    reason = _require_text(reason, _("An objection needs reasons."))
    filed_on = filed_on or timezone.localdate()
    if getattr(actor, "role", None) not in ACTING_STAFF_ROLES:
        filed_on = timezone.localdate()  # the company files today; staff record the date
    with transaction.atomic():
        case = RecoveryCase.objects.select_for_update().get(pk=case.pk)
        if case.status != RecoveryCase.Status.DECIDED:
            raise Conflict(_("Only a decision can be objected to."), code="invalid_transition")
        if Objection.objects.filter(case=case).exists():
            raise Conflict(_("An objection was already filed."), code="duplicate")
        deadline = objection_deadline(case)
        if filed_on > deadline or filed_on < case.decided_on:
            raise Conflict(
                _("An objection had to be filed by %(deadline)s.")
                % {"deadline": deadline.strftime("%d.%m.%Y")},
                code="objection_late",
            )
        objection = Objection.objects.create(
            case=case, filed_on=filed_on, reason=reason, filed_by=actor
        )
        audit_record(
            actor=actor,
            action="recovery.objection.filed",
            obj=objection,
            new_state=Objection.Status.FILED,
            reason=reason,
            data={"case": case.pk, "filed_on": filed_on.isoformat()},
        )
        organisation_notify(
            organisation=case.organisation,
            subject=gettext_lazy("KI-Voucher: objection received (%(origin)s)"),
            body=gettext_lazy(
                "Your objection of %(date)s against the recovery decision was recorded; "
                "we will decide on it and tell you."
            ),
            params={"date": filed_on.strftime("%d.%m.%Y"), "origin": case.origin},
            path=case.get_absolute_url(),
        )
    return objection


def objection_decide(
    *, actor, objection: Objection, outcome: str, reason: str, amount=None
) -> Objection:
    """Decide an objection: `upheld` (the recovery is dropped, what is owed written
    off), `partly_upheld` (the principal lowered to `amount`, interest recomputed) or
    `rejected` (the decision stands). Neither who started nor who decided the case."""
    case = objection.case
    separation_of_duties_check(
        actor=actor,
        deciders=DECIDERS,
        prepared_by=[case.started_by_id, case.decided_by_id],
        organisation_id=case.organisation_id,
        refusal=_("Only approvers and programme admins decide an objection."),
    )
    reason = _require_text(reason, _("A decision needs reasons."))
    if outcome not in (
        Objection.Status.UPHELD,
        Objection.Status.PARTLY_UPHELD,
        Objection.Status.REJECTED,
    ):
        raise DomainError(_("Unknown outcome."), code="invalid")
    with transaction.atomic():
        case = RecoveryCase.objects.select_for_update().get(pk=case.pk)
        receivable = case.receivable
        new_principal = case.amount
        if outcome == Objection.Status.UPHELD:
            new_principal = ZERO
        elif outcome == Objection.Status.PARTLY_UPHELD:
            new_principal = _money(amount, _("Amount"))
            if new_principal >= case.amount:
                raise DomainError(
                    _("A partly upheld objection lowers the amount below %(amount)s.")
                    % {"amount": format_eur(case.amount)},
                    code="invalid_amount",
                )
        objection = transition(
            objection,
            outcome,
            actor=actor,
            reason=reason,
            fields={
                "decided_by": actor,
                "decided_on": timezone.localdate(),
                "decision_reason": reason,
                "amount_after": new_principal,
            },
        )
        if outcome == Objection.Status.REJECTED:
            return objection
        new_interest = ZERO
        if new_principal > 0:
            new_interest = recovery_interest(
                case, principal=new_principal, until=case.decided_on
            ).total
        receivable_reduce(
            actor=actor,
            receivable=receivable,
            principal=receivable.amount - new_principal,
            interest=receivable.interest - new_interest,
            reason=reason,
            key=f"recovery:receivable:{receivable.pk}:objection",
        )
        if case.aid_reference:
            aid_award_reduce(
                actor=actor,
                award_reference=case.aid_reference,
                reference=f"recovery:{case.pk}",
                amount=new_principal,
                reduced_on=timezone.localdate(),
                reason=_("Objection decided: %(outcome)s")
                % {"outcome": Objection.Status(outcome).label},
            )
        if outcome == Objection.Status.UPHELD:
            transition(
                case,
                RecoveryCase.Status.DROPPED,
                actor=actor,
                reason=reason,
                fields={"dropped_reason": reason},
                locked=True,
            )
        else:
            case.amount = new_principal
            case.interest = new_interest
            case.save(update_fields=["amount", "interest"])
            audit_record(
                actor=actor,
                action="recovery.recoverycase.amended",
                obj=case,
                reason=reason,
                data={"amount": str(new_principal), "interest": str(new_interest)},
            )
    return objection
