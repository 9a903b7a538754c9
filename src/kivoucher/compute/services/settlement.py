"""Settlement with a data centre per period: a statement of the metered usage,
record by record, approved by staff, then invoiced by the data centre
(settlement_invoices.py), which prepares the payout through the ledger and SEPA."""

from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from kivoucher.compute.models import DataCentre, SettlementStatement, UsageRecord
from kivoucher.core.audit import audit_record
from kivoucher.core.errors import Conflict, DomainError
from kivoucher.core.money import ZERO, round_money
from kivoucher.core.roles import ACTING_STAFF_ROLES
from kivoucher.core.workflow import separation_of_duties_check, transition


def _instant(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time()))


def statement_create(
    *, actor, data_centre: DataCentre, period_start: date, period_end: date
) -> SettlementStatement:
    """Collect every unsettled record of the data centre that ended in the period."""
    if period_end < period_start:
        raise DomainError(_("The period must end after it starts."), code="invalid_period")
    if period_end >= timezone.localdate():
        raise DomainError(_("Only past periods can be settled."), code="invalid_period")
    with transaction.atomic():
        statement = SettlementStatement.objects.create(
            data_centre=data_centre,
            period_start=period_start,
            period_end=period_end,
            created_by=actor if getattr(actor, "pk", None) else None,
        )
        records = UsageRecord.objects.filter(
            data_centre=data_centre,
            statement__isnull=True,
            end__gte=_instant(period_start),
            end__lt=_instant(period_end + timedelta(days=1)),
        )
        records.update(statement=statement)
        figures = statement.records.aggregate(total=Sum("charged"), count=Count("pk"))
        statement.total = round_money(figures["total"] or ZERO)
        statement.record_count = figures["count"]
        statement.save(update_fields=["total", "record_count"])
        audit_record(
            actor=actor,
            action="compute.statement.create",
            obj=statement,
            new_state=statement.status,
            data={
                "data_centre": data_centre.code,
                "period": f"{period_start}..{period_end}",
                "total": str(statement.total),
                "records": statement.record_count,
            },
        )
        return statement


def statement_approve(*, actor, statement: SettlementStatement) -> SettlementStatement:
    """Approve the statement: the data centre may now invoice it (its XRechnung, or a
    self-billing invoice with its consent); the payout is prepared from that invoice
    (`compute.services.settlement_invoices.settlement_invoice_submit`), not before.

    Four eyes (`separation_of_duties_check`): acting programme staff other than the
    person who drew up the statement, and not a member of the data centre paid."""
    with transaction.atomic():
        statement = (
            SettlementStatement.objects.select_for_update()
            .select_related("data_centre__organisation")
            .get(pk=statement.pk)
        )
        data_centre = statement.data_centre
        separation_of_duties_check(
            actor=actor,
            deciders=ACTING_STAFF_ROLES,
            prepared_by=[statement.created_by_id],
            organisation_id=data_centre.organisation_id,
            refusal=_("Only programme staff approve statements."),
        )
        if statement.status != SettlementStatement.Status.DRAFT:
            raise Conflict(_("The statement is already approved."), code="invalid_transition")
        return transition(
            statement,
            SettlementStatement.Status.APPROVED,
            actor=actor,
            locked=True,
            data={"total": str(statement.total), "reference": statement.reference},
            fields={"approved_by": actor, "approved_at": timezone.now()},
        )


CSV_HEADER = [
    "record_id",
    "voucher",
    "company",
    "resource",
    "quantity",
    "unit_price",
    "start",
    "end",
    "amount",
    "charged",
    "uncovered",
    "reverses",
]


def statement_csv_rows(statement: SettlementStatement):
    yield CSV_HEADER
    records = (
        statement.records.select_related("voucher__organisation", "reverses")
        .order_by("end", "pk")
        .iterator(chunk_size=2000)
    )
    for r in records:
        yield [
            r.record_id,
            r.voucher.code,
            r.voucher.organisation.name,
            r.resource,
            format(r.quantity.normalize(), "f"),
            str(r.unit_price),
            r.start.isoformat(),
            r.end.isoformat(),
            str(r.amount),
            str(r.charged),
            str(r.uncovered),
            r.reverses.record_id if r.reverses_id else "",
        ]
