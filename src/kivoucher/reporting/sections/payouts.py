"""Payouts by SEPA credit transfer: by status and by programme line."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kivoucher.core.money import ZERO
from kivoucher.payments.models import Payout
from kivoucher.programmes.models import Line
from kivoucher.reporting import selectors
from kivoucher.reporting.filters import ReportFilter
from kivoucher.reporting.sections.base import Section, SectionResult
from kivoucher.reporting.svg import bar_chart
from kivoucher.reporting.tables import COUNT, MONEY, Column, Table, status_table


class PayoutsSection(Section):
    key = "payouts"
    title = gettext_lazy("Payouts")
    order = 50

    def build(self, report_filter: ReportFilter) -> SectionResult:
        statuses = dict(Payout.Status.choices)
        by_status = status_table(
            "payouts-by-status",
            _("Payouts by status"),
            noun=_("Payouts"),
            labels=statuses,
            rows=selectors.payouts_by_status(report_filter=report_filter),
        )
        lines = dict(Line.choices) | {"other": _("other")}
        by_line = Table(
            "payouts-by-line",
            _("Payouts by programme line"),
            [
                Column("line", _("Programme line")),
                Column("count", _("Payouts"), COUNT),
                Column("amount", _("Amount"), MONEY),
            ],
            [
                (str(lines.get(line, line)), n, a or ZERO)
                for line, n, a in selectors.payouts_by_line(report_filter=report_filter)
            ],
        )
        result = SectionResult(
            key=self.key,
            title=str(self.title),
            intro=_("Payouts waiting for a batch, in a SEPA batch, and paid."),
            charts=[
                bar_chart(
                    key="payouts-status",
                    title=_("Payouts by status"),
                    table=by_status,
                    label_column="status",
                    value_column="amount",
                )
            ],
            tables=[by_line],
        )
        if report_filter.programme_id or report_filter.call_id:
            result.notes.append(
                _(
                    "Payouts are not filtered by programme or call; the budget section shows "
                    "what was paid out of each call."
                )
            )
        return result
