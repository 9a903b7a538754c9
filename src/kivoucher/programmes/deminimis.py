"""De-minimis aid (Regulation (EU) 2023/2831): at most 300,000 EUR per single
undertaking over any rolling three years, counted from the grant decision.

Linked enterprises form one single undertaking; the platform's grants of all
lines and aid declared by the applicant are added up.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from kivoucher.core.audit import audit_record
from kivoucher.core.errors import Conflict
from kivoucher.core.money import ZERO, format_eur
from kivoucher.core.texts import Text
from kivoucher.ledger.selectors import money_sum
from kivoucher.organizations.models import Organisation
from kivoucher.organizations.selectors import single_undertaking_ids
from kivoucher.programmes.models import AidAward, AidAwardReduction, Programme


class DeMinimisExceeded(Conflict):
    code = "de_minimis_exceeded"


@dataclass
class DeMinimisCheck:
    ceiling: Decimal
    window_start: date
    decision_date: date
    used: Decimal
    requested: Decimal
    organisations: list[int]
    awards: list[dict] = field(default_factory=list)

    @property
    def total(self) -> Decimal:
        return self.used + self.requested

    @property
    def headroom(self) -> Decimal:
        return max(ZERO, self.ceiling - self.used)

    @property
    def passed(self) -> bool:
        return self.total <= self.ceiling

    @property
    def explanation_text(self) -> Text:
        """The explanation as a text translated when shown (stored with a rule)."""
        return Text(
            gettext_noop(
                "De-minimis aid since %(start)s: %(used)s received, %(requested)s requested, "
                "%(total)s in all; ceiling %(ceiling)s."
            ),
            start=self.window_start.strftime("%d.%m.%Y"),
            used=format_eur(self.used),
            requested=format_eur(self.requested),
            total=format_eur(self.total),
            ceiling=format_eur(self.ceiling),
        )

    @property
    def explanation(self) -> str:
        return str(self.explanation_text)

    def as_dict(self) -> dict:
        return {
            "ceiling": str(self.ceiling),
            "window_start": self.window_start.isoformat(),
            "decision_date": self.decision_date.isoformat(),
            "used": str(self.used),
            "requested": str(self.requested),
            "total": str(self.total),
            "headroom": str(self.headroom),
            "passed": self.passed,
            "organisations": self.organisations,
            "awards": self.awards,
            "explanation": self.explanation,
        }


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def de_minimis_check(
    *,
    programme: Programme,
    organisation: Organisation,
    amount: Decimal,
    decision_date: date,
    exclude_reference: str | None = None,
) -> DeMinimisCheck:
    """What the single undertaking received in the three years up to `decision_date`."""
    members = sorted(single_undertaking_ids(organisation=organisation))
    start = _years_before(decision_date, programme.de_minimis_years)
    awards = AidAward.objects.filter(
        organisation_id__in=members,
        is_de_minimis=True,
        cancelled_at__isnull=True,
        granted_on__gt=start,
        granted_on__lte=decision_date,
    ).select_related("organisation", "programme")
    if exclude_reference:
        awards = awards.exclude(source=AidAward.Source.PLATFORM, reference=exclude_reference)
    listed = [
        {
            "organisation": a.organisation.name,
            "source": a.source,
            "reference": a.reference,
            "granting_body": a.granting_body or (a.programme.name if a.programme else ""),
            "amount": str(a.amount),
            "granted_on": a.granted_on.isoformat(),
        }
        for a in awards
    ]
    used = money_sum(awards, "amount")
    return DeMinimisCheck(
        ceiling=programme.de_minimis_ceiling,
        window_start=start,
        decision_date=decision_date,
        used=used,
        requested=Decimal(amount),
        organisations=members,
        awards=listed,
    )


def aid_award_record(
    *,
    actor,
    programme: Programme,
    organisation: Organisation,
    reference: str,
    amount: Decimal,
    granted_on: date,
    enforce_ceiling: bool = True,
) -> AidAward:
    """Record a grant of the platform (idempotent by reference), refusing what would
    exceed the de-minimis ceiling. Call it inside the decision's transaction."""
    with transaction.atomic():
        # Serialise awards of one single undertaking: lock its organisations.
        members = single_undertaking_ids(organisation=organisation)
        list(Organisation.objects.select_for_update().filter(pk__in=members).order_by("pk"))
        existing = AidAward.objects.filter(
            source=AidAward.Source.PLATFORM, reference=reference
        ).first()
        if existing:
            return existing
        if programme.is_de_minimis and enforce_ceiling:
            check = de_minimis_check(
                programme=programme,
                organisation=organisation,
                amount=amount,
                decision_date=granted_on,
            )
            if not check.passed:
                raise DeMinimisExceeded(check.explanation)
        award = AidAward.objects.create(
            organisation=organisation,
            programme=programme,
            source=AidAward.Source.PLATFORM,
            reference=reference,
            amount=amount,
            granted_on=granted_on,
            granting_body=programme.name,
            is_de_minimis=programme.is_de_minimis,
        )
        audit_record(
            actor=actor,
            action="aid.award",
            obj=award,
            new_state="granted",
            data={"reference": reference, "amount": str(amount), "organisation": organisation.pk},
        )
        return award


def aid_award_adjust(*, actor, reference: str, amount: Decimal, reason: str = "") -> AidAward:
    """Lower a platform award to the final amount (or cancel it with amount 0)."""
    from django.utils import timezone

    with transaction.atomic():
        award = AidAward.objects.select_for_update().get(
            source=AidAward.Source.PLATFORM, reference=reference
        )
        old = award.amount
        award.amount = Decimal(amount)
        if award.amount == 0:
            award.cancelled_at = timezone.now()
        award.save(update_fields=["amount", "cancelled_at"])
        if award.amount < old:  # the register lists the reduction
            AidAwardReduction.objects.update_or_create(
                reference=f"final:{reference}",
                defaults={
                    "award": award,
                    "amount": old
                    - award.amount
                    + money_sum(award.reductions.filter(reference=f"final:{reference}"), "amount"),
                    "reduced_on": timezone.localdate(),
                    "reason": reason[:300],
                },
            )
        audit_record(
            actor=actor,
            action="aid.adjust",
            obj=award,
            reason=reason,
            old_state=str(old),
            new_state=str(award.amount),
        )
        return award


def aid_award_reduce(
    *,
    actor,
    award_reference: str,
    reference: str,
    amount: Decimal,
    reduced_on: date,
    reason: str = "",
) -> AidAward | None:
    """Set the reduction `reference` of the platform award `award_reference` to
    `amount` (0 removes it), lowering (or restoring) the award by the difference.
    Idempotent: the same call twice changes nothing. None when there is no award."""
    from django.utils import timezone

    amount = Decimal(amount)
    with transaction.atomic():
        award = (
            AidAward.objects.select_for_update()
            .filter(source=AidAward.Source.PLATFORM, reference=award_reference)
            .first()
        )
        if award is None:
            return None
        existing = AidAwardReduction.objects.filter(reference=reference).first()
        before = existing.amount if existing else ZERO
        if amount == before:
            return award
        if amount - before > award.amount:
            raise Conflict(
                _("The award %(reference)s is %(amount)s; it cannot be reduced by more.")
                % {"reference": award_reference, "amount": format_eur(award.amount)},
                code="reduction_too_large",
            )
        award.amount -= amount - before
        award.cancelled_at = timezone.now() if award.amount == 0 else None
        award.save(update_fields=["amount", "cancelled_at"])
        if amount == 0:
            existing.delete()
        else:
            AidAwardReduction.objects.update_or_create(
                reference=reference,
                defaults={
                    "award": award,
                    "amount": amount,
                    "reduced_on": reduced_on,
                    "reason": reason[:300],
                },
            )
        audit_record(
            actor=actor,
            action="aid.reduce",
            obj=award,
            reason=reason,
            old_state=str(before),
            new_state=str(amount),
            data={"reference": reference, "award": str(award.amount)},
        )
        return award


def aid_declare(
    *,
    actor,
    organisation: Organisation,
    granting_body: str,
    amount: Decimal,
    granted_on: date,
    reference: str,
) -> AidAward:
    """Aid the applicant declares it received from elsewhere."""
    with transaction.atomic():
        award, created = AidAward.objects.get_or_create(
            source=AidAward.Source.DECLARED,
            reference=reference,
            defaults={
                "organisation": organisation,
                "granting_body": granting_body,
                "amount": Decimal(amount),
                "granted_on": granted_on,
            },
        )
        if created:
            audit_record(
                actor=actor,
                action="aid.declare",
                obj=award,
                data={"amount": str(amount), "granted_on": granted_on.isoformat()},
            )
        return award
