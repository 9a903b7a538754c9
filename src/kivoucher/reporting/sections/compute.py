"""Line II: compute usage by data centre and resource over time, balances left on
the compute vouchers and the settlements with the data centres.

Activates when the compute app has a usage model. What it expects (names are
looked up, so small differences are tolerated; adjust USAGE_MODELS etc. below):
- usage: `compute.UsageRecord` (or `compute.Usage`) with `quantity`, `charged`
  (EUR debited from the voucher), a `resource` (text or a foreign key with `code`),
  the data centre (a foreign key named `data_centre`, or reached through
  `voucher__data_centre`), a start time `start` (else `created_at`);
- vouchers: `compute.ComputeVoucher` (or `compute.Voucher`) with `value` and its ledger
  `account` (the balance left is the sum of those ledger balances); without an `account`
  field, the ledger accounts whose code starts with `VOUCHER_ACCOUNT_PREFIX`;
- settlements: `compute.SettlementStatement` (or `compute.Settlement`) with an amount
  (`total` or `amount`) and a `status`;
- filters: programme, call and federal state through the usage record's `voucher`
  (`voucher__programme`, `voucher__call`, `voucher__organisation__federal_state`).
"""

from datetime import date

from django.db.models import CharField, Count, Sum
from django.db.models.functions import Cast, Substr
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kivoucher.core.money import ZERO, format_eur
from kivoucher.ledger.models import Account
from kivoucher.reporting.filters import ReportFilter
from kivoucher.reporting.sections.base import (
    Section,
    SectionResult,
    field_names,
    first_field,
    model_or_none,
)
from kivoucher.reporting.svg import bar_chart, line_chart
from kivoucher.reporting.tables import COUNT, DATE, MONEY, Column, Table

USAGE_MODELS = ["compute.UsageRecord", "compute.Usage"]
VOUCHER_MODELS = ["compute.ComputeVoucher", "compute.Voucher"]
SETTLEMENT_MODELS = ["compute.SettlementStatement", "compute.Settlement"]
VOUCHER_ACCOUNT_PREFIX = "compute:voucher:"


def _first_model(labels):
    for label in labels:
        model = model_or_none(label)
        if model is not None:
            return model
    return None


def usage_model():
    model = _first_model(USAGE_MODELS)
    if model is None or not {"quantity", "charged", "resource"} <= field_names(model):
        return None
    return model


def _data_centre_path(model) -> str | None:
    if "data_centre" in field_names(model):
        return "data_centre"
    voucher = first_field(model, "voucher")
    if voucher and "data_centre" in field_names(model._meta.get_field(voucher).related_model):
        return f"{voucher}__data_centre"
    return None


def _label_path(model, path: str) -> str:
    """`path` itself for text, else the related object's code or name."""
    target = model
    for part in path.split("__"):
        field = target._meta.get_field(part)
        if not field.is_relation:
            return path
        target = field.related_model
    name = first_field(target, "code", "name")
    return f"{path}__{name}" if name else f"{path}_id"


class ComputeSection(Section):
    key = "compute"
    title = gettext_lazy("Compute usage")
    order = 60
    unavailable_note = gettext_lazy(
        "Appears when the compute vouchers of programme line II are installed "
        "(a usage model with quantity, charged and resource)."
    )

    def available(self) -> bool:
        return usage_model() is not None

    def build(self, report_filter: ReportFilter) -> SectionResult:
        model = usage_model()
        time_field = first_field(model, "start", "started_at", "created_at")
        usage = model.objects.all()
        if report_filter.start and time_field:
            usage = usage.filter(**{f"{time_field}__gte": report_filter.start})
        if report_filter.end and time_field:
            usage = usage.filter(**{f"{time_field}__lte": report_filter.end})
        voucher_fields = (
            field_names(model._meta.get_field("voucher").related_model)
            if "voucher" in field_names(model)
            else set()
        )
        if report_filter.programme_id and "programme" in voucher_fields:
            usage = usage.filter(voucher__programme_id=report_filter.programme_id)
        if report_filter.call_id and "call" in voucher_fields:
            usage = usage.filter(voucher__call_id=report_filter.call_id)
        if report_filter.state and "organisation" in voucher_fields:
            usage = usage.filter(voucher__organisation__federal_state=report_filter.state)
        dc_path = _data_centre_path(model)
        resource = _label_path(model, "resource")
        group = [resource] + ([_label_path(model, dc_path)] if dc_path else [])
        rows = (
            usage.values_list(*group)
            .annotate(quantity=Sum("quantity"), charged=Sum("charged"), n=Count("pk"))
            .order_by(*group)
        )
        by_resource = Table(
            "compute-by-resource",
            _("Compute usage by data centre and resource"),
            [Column("resource", _("Resource"))]
            + ([Column("data_centre", _("Data centre"))] if dc_path else [])
            + [
                Column("quantity", _("Quantity"), COUNT),
                Column("charged", _("Charged to vouchers"), MONEY),
                Column("records", _("Usage records"), COUNT),
            ],
            [tuple(r[: len(group)]) + (r[-3] or 0, r[-2] or ZERO, r[-1]) for r in rows],
        )
        result = SectionResult(
            key=self.key,
            title=str(self.title),
            intro=_("Metered GPU usage charged to compute vouchers."),
            tables=[by_resource],
        )
        if time_field:
            monthly = (
                usage.annotate(month=Substr(Cast(time_field, CharField()), 1, 7))
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
            result.charts.append(
                line_chart(
                    key="compute-over-time",
                    title=_("Compute usage over time"),
                    table=over_time,
                    x_column="month",
                    series=["charged"],
                )
            )
        if dc_path:
            per_dc = {}
            for row in by_resource.rows:
                per_dc[row[1]] = per_dc.get(row[1], ZERO) + row[3]
            dc_table = Table(
                "compute-by-data-centre",
                _("Charged per data centre"),
                [Column("data_centre", _("Data centre")), Column("charged", _("Charged"), MONEY)],
                sorted(per_dc.items(), key=lambda item: str(item[0])),
            )
            result.charts.append(
                bar_chart(
                    key="compute-by-data-centre",
                    title=_("Charged per data centre"),
                    table=dc_table,
                    label_column="data_centre",
                    value_column="charged",
                )
            )
        voucher_model = _first_model(VOUCHER_MODELS)
        if voucher_model is not None and "account" in field_names(voucher_model):
            vouchers = voucher_model.objects.all()
            if report_filter.programme_id and "programme" in field_names(voucher_model):
                vouchers = vouchers.filter(programme_id=report_filter.programme_id)
            if report_filter.call_id and "call" in field_names(voucher_model):
                vouchers = vouchers.filter(call_id=report_filter.call_id)
            if report_filter.state and "organisation" in field_names(voucher_model):
                vouchers = vouchers.filter(organisation__federal_state=report_filter.state)
            balances = vouchers.aggregate(n=Count("pk"), left=Sum("account__balance"))
        else:
            balances = Account.objects.filter(code__startswith=VOUCHER_ACCOUNT_PREFIX).aggregate(
                n=Count("pk"), left=Sum("balance")
            )
        result.facts.append((_("Compute vouchers"), str(balances["n"] or 0)))
        result.facts.append((_("Balance left"), format_eur(balances["left"] or ZERO)))
        settlement = _first_model(SETTLEMENT_MODELS)
        amount = first_field(settlement, "total", "amount") if settlement else None
        if settlement and amount and "status" in field_names(settlement):
            labels = dict(settlement._meta.get_field("status").choices or [])
            rows = (
                settlement.objects.values_list("status")
                .annotate(n=Count("pk"), amount=Sum(amount))
                .order_by("status")
            )
            result.tables.append(
                Table(
                    "compute-settlements",
                    _("Settlements with data centres"),
                    [
                        Column("status", _("Status")),
                        Column("count", _("Settlements"), COUNT),
                        Column("amount", _("Amount"), MONEY),
                    ],
                    [(str(labels.get(s, s)), n, a or ZERO) for s, n, a in rows],
                )
            )
        return result
