"""Line I after the award on the dashboard: change requests of vouchers (open and
decided) and instalments (requested, checked, approved), counted with their amounts
(collected by `kivoucher.reporting.sections`)."""

from django.db.models import Count, Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kivoucher.applications.models import ChangeRequest
from kivoucher.core.money import ZERO, round_money
from kivoucher.projects.models import Instalment
from kivoucher.reporting.sections import (
    COUNT,
    Column,
    ReportFilter,
    Section,
    SectionResult,
    Table,
    status_table,
)

OPEN_CHANGE_REQUESTS = (ChangeRequest.Status.SUBMITTED, ChangeRequest.Status.REVIEWED)


class AfterAwardSection(Section):
    key = "after-award"
    title = gettext_lazy("After the award: change requests and instalments")
    order = 45

    def build(self, report_filter: ReportFilter) -> SectionResult:
        changes = report_filter.apply(
            ChangeRequest.objects.all(),
            programme="voucher__application__programme_id",
            call="voucher__application__call_id",
            state="voucher__application__organisation__federal_state",
            moment="submitted_at",
        )
        kinds = dict(ChangeRequest.Kind.choices)
        statuses = dict(ChangeRequest.Status.choices)
        change_rows = [
            (str(kinds.get(kind, kind)), str(statuses.get(status, status)), n)
            for kind, status, n in changes.values_list("kind", "status")
            .annotate(n=Count("pk"))
            .order_by("kind", "status")
        ]
        change_table = Table(
            "change-requests-by-status",
            _("Change requests by kind and status"),
            [
                Column("kind", _("Change")),
                Column("status", _("Status")),
                Column("count", _("Change requests"), COUNT),
            ],
            change_rows,
        )
        instalments = report_filter.apply(
            Instalment.objects.all(),
            programme="voucher__application__programme_id",
            call="voucher__application__call_id",
            state="voucher__application__organisation__federal_state",
            moment="requested_at",
        )
        instalment_table = status_table(
            "instalments-by-status",
            _("Instalments by status"),
            noun=_("Instalments"),
            labels=dict(Instalment.Status.choices),
            rows=[
                (status, n, round_money(amount or ZERO))
                for status, n, amount in instalments.values_list("status")
                .annotate(n=Count("pk"), amount=Sum("amount"))
                .order_by("status")
            ],
        )
        open_changes = changes.filter(status__in=OPEN_CHANGE_REQUESTS).count()
        waiting = instalments.filter(
            status__in=(Instalment.Status.REQUESTED, Instalment.Status.CHECKED)
        ).count()
        return SectionResult(
            key=self.key,
            title=str(self.title),
            intro=_("Changes companies asked for after the award, and instalments of grants."),
            facts=[
                (_("Open change requests"), str(open_changes)),
                (_("Instalments awaiting a decision"), str(waiting)),
            ],
            tables=[change_table, instalment_table],
        )


SECTIONS = [AfterAwardSection()]
