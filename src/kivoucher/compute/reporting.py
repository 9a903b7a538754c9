"""Line II on the dashboard: compute usage by data centre and resource over time,
the balances left on the compute vouchers and the settlements with the data centres
(collected by `kivoucher.reporting.sections`)."""

from datetime import date

from django.db.models import CharField, Count, Sum
from django.db.models.functions import Cast, Substr
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kivoucher.compute.models import ComputeVoucher, SettlementStatement, UsageRecord
from kivoucher.core.money import ZERO, format_eur
from kivoucher.reporting.sections import (
    COUNT,
    DATE,
    MONEY,
    Column,
    ReportFilter,
    Section,
    SectionResult,
    Table,
    bar_chart,
    line_chart,
    status_table,
)


def usage_for(report_filter: ReportFilter):
    """Usage records that started in the period, of vouchers within the filters."""
    return report_filter.apply(
        UsageRecord.objects.all(),
        programme="voucher__programme_id",
        call="voucher__call_id",
        state="voucher__organisation__federal_state",
        moment="start",
    )


def vouchers_for(report_filter: ReportFilter):
    return report_filter.apply(
        ComputeVoucher.objects.all(),
        programme="programme_id",
        call="call_id",
        state="organisation__federal_state",
    )


class ComputeSection(Section):
    key = "compute"
    title = gettext_lazy("Compute usage")
    order = 60

    def build(self, report_filter: ReportFilter) -> SectionResult:
        usage = usage_for(report_filter)
        group = ["resource", "data_centre__code"]
        rows = (
            usage.values_list(*group)
            .annotate(quantity=Sum("quantity"), charged=Sum("charged"), n=Count("pk"))
            .order_by(*group)
        )
        by_resource = Table(
            "compute-by-resource",
            _("Compute usage by data centre and resource"),
            [
                Column("resource", _("Resource")),
                Column("data_centre", _("Data centre")),
                Column("quantity", _("Quantity"), COUNT),
                Column("charged", _("Charged to vouchers"), MONEY),
                Column("records", _("Usage records"), COUNT),
            ],
            [(r, dc, q or 0, c or ZERO, n) for r, dc, q, c, n in rows],
        )
        monthly = (
            usage.annotate(month=Substr(Cast("start", CharField()), 1, 7))
            .values_list("month")
            .annotate(charged=Sum("charged"), quantity=Sum("quantity"))
            .order_by("month")
        )
        over_time = Table(
            "compute-over-time",
            _("Compute usage per month"),
            [
                Column("month", _("Month"), DATE),
                Column("charged", _("Charged to vouchers"), MONEY),
                Column("quantity", _("Quantity"), COUNT),
            ],
            [(date.fromisoformat(f"{m}-01"), c or ZERO, q or 0) for m, c, q in monthly if m],
        )
        per_dc: dict = {}
        for _resource, data_centre, _quantity, charged, _n in by_resource.rows:
            per_dc[data_centre] = per_dc.get(data_centre, ZERO) + charged
        by_data_centre = Table(
            "compute-by-data-centre",
            _("Charged per data centre"),
            [Column("data_centre", _("Data centre")), Column("charged", _("Charged"), MONEY)],
            sorted(per_dc.items(), key=lambda item: str(item[0])),
        )
        balances = vouchers_for(report_filter).aggregate(
            n=Count("pk"), left=Sum("account__balance")
        )
        statuses = dict(SettlementStatement.Status.choices)
        settlements = (
            SettlementStatement.objects.values_list("status")
            .annotate(n=Count("pk"), amount=Sum("total"))
            .order_by("status")
        )
        return SectionResult(
            key=self.key,
            title=str(self.title),
            intro=_("Metered GPU usage charged to compute vouchers."),
            facts=[
                (_("Compute vouchers"), str(balances["n"] or 0)),
                (_("Balance left"), format_eur(balances["left"] or ZERO)),
            ],
            charts=[
                line_chart(
                    key="compute-over-time",
                    title=_("Compute usage over time"),
                    table=over_time,
                    x_column="month",
                    series=["charged"],
                ),
                bar_chart(
                    key="compute-by-data-centre",
                    title=_("Charged per data centre"),
                    table=by_data_centre,
                    label_column="data_centre",
                    value_column="charged",
                ),
            ],
            tables=[
                by_resource,
                status_table(
                    "compute-settlements",
                    _("Settlements with data centres"),
                    noun=_("Settlements"),
                    labels=statuses,
                    rows=settlements,
                ),
            ],
        )


SECTIONS = [ComputeSection()]
