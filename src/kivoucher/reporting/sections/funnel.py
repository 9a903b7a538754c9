"""Line I (and any line using `applications.Application`): the application funnel,
time to decision and approvals by project category.

Activates when the model `applications.Application` exists. What it expects
(field names are looked up, so small differences are tolerated):
- `status` with the values draft, submitted, in_review, approved, rejected,
  withdrawn (other values are listed after these, as they are);
- a foreign key to `programmes.Call` (any name) and `created_at`;
- optional: a foreign key to `organizations.Organisation` (for the state filter);
  `submitted_at` and `decided_at` (or `decision_at`) for the time to decision;
  a foreign key to `programmes.ProjectCategory` for approvals by category;
  an amount (`granted_amount`, `grant_amount`, `approved_amount`, `amount` or
  `requested_grant`). Statuses are listed in the order of the model's choices.
"""

import math

from django.db.models import Count, F, FloatField, Func, Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kivoucher.core.money import ZERO
from kivoucher.reporting.filters import ReportFilter
from kivoucher.reporting.sections.base import (
    Section,
    SectionResult,
    first_field,
    fk_to,
    model_or_none,
)
from kivoucher.reporting.svg import bar_chart
from kivoucher.reporting.tables import COUNT, DAYS, MONEY, Column, Table

FUNNEL = ["draft", "submitted", "in_review", "approved", "rejected", "withdrawn"]
STATUS_LABELS = {
    "draft": gettext_lazy("draft"),
    "submitted": gettext_lazy("submitted"),
    "in_review": gettext_lazy("in review"),
    "approved": gettext_lazy("approved"),
    "rejected": gettext_lazy("rejected"),
    "withdrawn": gettext_lazy("withdrawn"),
}


class DaysBetween(Func):
    """Days from `start` to `end` computed by the database (no per-row Python)."""

    output_field = FloatField()

    def __init__(self, start, end, **extra):
        super().__init__(end, start, **extra)  # rendered as end - start

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(
            compiler,
            connection,
            template="(julianday(%(expressions)s))",
            arg_joiner=") - julianday(",
            **extra,
        )

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(
            compiler,
            connection,
            template="(EXTRACT(EPOCH FROM (%(expressions)s)) / 86400.0)",
            arg_joiner=" - ",
            **extra,
        )


def application_model():
    model = model_or_none("applications.Application")
    if model is None or first_field(model, "status") is None or not fk_to(model, "programmes.Call"):
        return None
    return model


def percentile(queryset, field: str, p: float):
    """Nearest-rank percentile: two small queries (count, one ordered row)."""
    n = queryset.count()
    if n == 0:
        return None
    rank = min(n, max(1, math.ceil(p * n)))
    return queryset.order_by(field).values_list(field, flat=True)[rank - 1]


class FunnelSection(Section):
    key = "funnel"
    title = gettext_lazy("Applications")
    order = 20
    unavailable_note = gettext_lazy(
        "Appears when the applications of programme line I are installed "
        "(model applications.Application with status and call)."
    )

    def available(self) -> bool:
        return application_model() is not None

    def scoped(self, model, report_filter: ReportFilter):
        call = fk_to(model, "programmes.Call")
        organisation = fk_to(model, "organizations.Organisation")
        qs = model.objects.all()
        if report_filter.call_id:
            qs = qs.filter(**{f"{call}_id": report_filter.call_id})
        if report_filter.programme_id:
            qs = qs.filter(**{f"{call}__programme_id": report_filter.programme_id})
        if report_filter.start and first_field(model, "created_at"):
            qs = qs.filter(created_at__gte=report_filter.start)
        if report_filter.end and first_field(model, "created_at"):
            qs = qs.filter(created_at__lte=report_filter.end)
        if report_filter.state and organisation:
            qs = qs.filter(**{f"{organisation}__federal_state": report_filter.state})
        return qs

    def build(self, report_filter: ReportFilter) -> SectionResult:
        model = application_model()
        qs = self.scoped(model, report_filter)
        amount = first_field(model, "grant_amount", "approved_amount", "amount", "requested_amount")
        counts = dict(qs.values_list("status").annotate(n=Count("pk")).order_by())
        choices = dict(model._meta.get_field("status").choices or [])
        # The model's own order of its statuses, else the funnel of the issue.
        order = list(choices) or FUNNEL
        statuses = order + sorted(s for s in counts if s not in order)
        funnel = Table(
            "applications-funnel",
            _("Applications by status"),
            [Column("status", _("Status")), Column("count", _("Applications"), COUNT)],
            [(str(choices.get(s) or STATUS_LABELS.get(s, s)), counts.get(s, 0)) for s in statuses],
        )
        result = SectionResult(
            key=self.key,
            title=str(self.title),
            intro=_("The application funnel and how long decisions take."),
            facts=[(_("Applications"), str(sum(counts.values())))],
            charts=[
                bar_chart(
                    key="applications-funnel",
                    title=_("Application funnel"),
                    table=funnel,
                    label_column="status",
                    value_column="count",
                )
            ],
        )
        submitted = first_field(model, "submitted_at")
        decided = first_field(model, "decided_at", "decision_at")
        if submitted and decided:
            durations = qs.filter(
                status__in=["approved", "rejected"],
                **{f"{submitted}__isnull": False, f"{decided}__isnull": False},
            ).annotate(days=DaysBetween(F(submitted), F(decided)))
            median = percentile(durations, "days", 0.5)
            p90 = percentile(durations, "days", 0.9)
            result.tables.append(
                Table(
                    "applications-time-to-decision",
                    _("Time from submission to decision"),
                    [Column("figure", _("Figure")), Column("days", _("Days"), DAYS)],
                    [(_("Median"), median), (_("90th percentile"), p90)],
                    note=_("Approved and rejected applications, nearest-rank percentiles."),
                )
            )
        category = fk_to(model, "programmes.ProjectCategory")
        if category:
            approved = qs.filter(status="approved")
            aggregates = {"n": Count("pk")}
            if amount:
                aggregates["amount"] = Sum(amount)
            rows = (
                approved.values_list(f"{category}__name")
                .annotate(**aggregates)
                .order_by(f"{category}__name")
            )
            columns = [
                Column("category", _("Project category")),
                Column("count", _("Approvals"), COUNT),
            ]
            if amount:
                columns.append(Column("amount", _("Amount"), MONEY))
            table = Table(
                "approvals-by-category",
                _("Approvals by project category"),
                columns,
                [
                    (name or _("not stated"), *[v if v is not None else ZERO for v in rest])
                    for name, *rest in rows
                ],
            )
            result.charts.append(
                bar_chart(
                    key="approvals-category",
                    title=_("Approvals by project category"),
                    table=table,
                    label_column="category",
                    value_column="count",
                )
            )
        return result
