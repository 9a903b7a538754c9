"""Line I on the dashboard: the application funnel, time to decision and approvals
by project category (collected by `kivoucher.reporting.sections`)."""

from django.db.models import Count, F
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kivoucher.applications.models import Application
from kivoucher.reporting.sections import (
    COUNT,
    DAYS,
    Column,
    DaysBetween,
    ReportFilter,
    Section,
    SectionResult,
    Table,
    bar_chart,
    percentile,
)

S = Application.Status
DECIDED = [S.APPROVED, S.REJECTED]


def applications_for(report_filter: ReportFilter):
    return report_filter.apply(
        Application.objects.all(),
        programme="call__programme_id",
        call="call_id",
        state="organisation__federal_state",
        moment="created_at",
    )


class FunnelSection(Section):
    key = "funnel"
    title = gettext_lazy("Applications")
    order = 20

    def build(self, report_filter: ReportFilter) -> SectionResult:
        applications = applications_for(report_filter)
        counts = dict(applications.values_list("status").annotate(n=Count("pk")).order_by())
        labels = dict(S.choices)
        # The model's order of its statuses; unknown values (none expected) after them.
        statuses = list(S.values) + sorted(s for s in counts if s not in S.values)
        funnel = Table(
            "applications-funnel",
            _("Applications by status"),
            [Column("status", _("Status")), Column("count", _("Applications"), COUNT)],
            [(str(labels.get(s, s)), counts.get(s, 0)) for s in statuses],
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
        durations = applications.filter(
            status__in=DECIDED, submitted_at__isnull=False, decided_at__isnull=False
        ).annotate(days=DaysBetween(F("submitted_at"), F("decided_at")))
        result.tables.append(
            Table(
                "applications-time-to-decision",
                _("Time from submission to decision"),
                [Column("figure", _("Figure")), Column("days", _("Days"), DAYS)],
                [
                    (_("Median"), percentile(durations, "days", 0.5)),
                    (_("90th percentile"), percentile(durations, "days", 0.9)),
                ],
                note=_("Approved and rejected applications, nearest-rank percentiles."),
            )
        )
        rows = (
            applications.filter(status=S.APPROVED)
            .values_list("category__name")
            .annotate(n=Count("pk"))
            .order_by("category__name")
        )
        by_category = Table(
            "approvals-by-category",
            _("Approvals by project category"),
            [Column("category", _("Project category")), Column("count", _("Approvals"), COUNT)],
            [(name or _("not stated"), n) for name, n in rows],
        )
        result.charts.append(
            bar_chart(
                key="approvals-category",
                title=_("Approvals by project category"),
                table=by_category,
                label_column="category",
                value_column="count",
            )
        )
        return result


SECTIONS = [FunnelSection()]
