"""Retention of line III's KYC records (money-laundering act, GwG § 8 (4)).

The records of a buyer's identity check (its legal representatives and beneficial
owners) are kept for five years after the end of the calendar year in which the
business relationship ended, then anonymised by the retention job (`kivoucher
anonymise-personal-data`, `organizations.gdpr`); the dossier row, its status and
the audit events stay.

The business relationship has ended when the buyer holds nothing open with the
operating company: no purchase awaiting payment, paid or with hours left (pending,
confirmed, active) and no open offer of hours. The job notes the moment it first
finds that (`relationship_ended_at`); if the buyer buys again, the note is cleared
and the period starts anew when that business ends.
"""

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from kivoucher.core.audit import audit_record
from kivoucher.presale.models import HoursTransfer, KycDossier, Purchase

KYC_RETENTION_YEARS = 5
ANONYMISED = "[anonymised]"


def kyc_retention_ends(ended_at: datetime, retention_days: int | None = None) -> datetime:
    """When the records of a relationship that ended at `ended_at` may go: the end of
    that calendar year plus five years (or `retention_days` after it, if given)."""
    if retention_days is not None:
        return ended_at + timedelta(days=retention_days)
    local = timezone.localtime(ended_at)
    return local.replace(
        year=local.year + 1 + KYC_RETENTION_YEARS,
        month=1,
        day=1,
        hour=0,
        minute=0,
        second=0,
        microsecond=0,
    )


def _open_business(organisation_id: int) -> bool:
    return (
        Purchase.objects.filter(buyer_id=organisation_id, status__in=Purchase.SOLD).exists()
        or HoursTransfer.objects.filter(
            seller_id=organisation_id, status=HoursTransfer.Status.OFFERED
        ).exists()
    )


def kyc_relationships_note(*, now=None) -> int:
    """Note (or clear) the end of each checked buyer's business relationship."""
    now = now or timezone.now()
    changed = 0
    dossiers = KycDossier.objects.filter(anonymised_at__isnull=True).exclude(
        status=KycDossier.Status.DRAFT
    )
    for dossier in dossiers.order_by("pk"):
        open_business = _open_business(dossier.organisation_id)
        if open_business and dossier.relationship_ended_at is not None:
            KycDossier.objects.filter(pk=dossier.pk).update(relationship_ended_at=None)
            changed += 1
        elif not open_business and dossier.relationship_ended_at is None:
            KycDossier.objects.filter(pk=dossier.pk).update(relationship_ended_at=now)
            changed += 1
    return changed


def kyc_anonymise(*, now=None, retention_days: int | None = None) -> int:
    """Anonymise the persons of dossiers whose retention period is over."""
    now = now or timezone.now()
    kyc_relationships_note(now=now)
    count = 0
    due = KycDossier.objects.filter(
        anonymised_at__isnull=True, relationship_ended_at__isnull=False
    ).order_by("pk")
    for dossier in due:
        if kyc_retention_ends(dossier.relationship_ended_at, retention_days) > now:
            continue
        if _open_business(dossier.organisation_id):
            continue
        with transaction.atomic():
            dossier = KycDossier.objects.select_for_update().get(pk=dossier.pk)
            for person in dossier.persons.select_for_update().order_by("pk"):
                person.name = f"{ANONYMISED} #{person.pk}"
                person.birth_date = None
                person.control = ""
                person.register_reference = ""
                person.save(update_fields=["name", "birth_date", "control", "register_reference"])
            dossier.register_extract = ""
            dossier.check_note = ""
            dossier.anonymised_at = now
            dossier.save(update_fields=["register_extract", "check_note", "anonymised_at"])
            audit_record(
                actor=None,
                action="presale.kyc.anonymise",
                obj=dossier,
                reason="retention period (GwG § 8)",
            )
            count += 1
    return count


def anonymise(*, now=None, retention_days: int | None = None) -> dict[str, int]:
    """This app's part of the retention job (`organizations.gdpr`)."""
    return {"KYC dossiers of buyers": kyc_anonymise(now=now, retention_days=retention_days)}


def organisation_open_matters(organisation) -> list[str]:
    """Pre-sale purchases awaiting payment, paid or with hours left, and offers of
    hours to other buyers: while there are any, the organisation's last owner cannot
    leave it (`organizations.selectors`)."""
    from django.utils.translation import ngettext

    purchases = Purchase.objects.filter(buyer=organisation, status__in=Purchase.SOLD).count()
    offered = HoursTransfer.objects.filter(
        seller=organisation, status=HoursTransfer.Status.OFFERED
    ).count()
    matters = []
    if purchases:
        matters.append(
            ngettext("%(n)s open pre-sale purchase", "%(n)s open pre-sale purchases", purchases)
            % {"n": purchases}
        )
    if offered:
        matters.append(
            ngettext(
                "%(n)s offer of hours to other buyers",
                "%(n)s offers of hours to other buyers",
                offered,
            )
            % {"n": offered}
        )
    return matters
