"""Budget of each call from the ledger: total, committed, paid, available, over time."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kivoucher.core.money import ZERO, format_eur
from kivoucher.reporting import selectors
from kivoucher.reporting.filters import ReportFilter
from kivoucher.reporting.sections.base import Section, SectionResult
from kivoucher.reporting.svg import bar_chart, line_chart
from kivoucher.reporting.tables import DATE, MONEY, Column, Table


class BudgetSection(Section):
    key = "budget"
    title = gettext_lazy("Budget")
    order = 10

    def build(self, report_filter: ReportFilter) -> SectionResult:
        calls = list(selectors.calls_for(report_filter))
        flows = selectors.budget_flows(report_filter=report_filter, calls=calls)
        per_call = flows["per_call"]
        columns = [
            Column("programme", _("Programme")),
            Column("call", _("Call")),
            Column("planned", _("Budget of the call"), MONEY),
            Column("total", _("Total"), MONEY),
            Column("committed", _("Committed"), MONEY),
            Column("paid", _("Paid"), MONEY),
            Column("available", _("Available"), MONEY),
        ]
        rows = [
            (
                call.programme.name,
                call.name,
                call.budget,
                per_call[call.pk]["total"],
                per_call[call.pk]["committed"],
                per_call[call.pk]["paid"],
                per_call[call.pk]["available"],
            )
            for call in calls
        ]
        sums = {
            key: sum((per_call[c.pk][key] for c in calls), ZERO)
            for key in ("total", "committed", "paid", "available")
        }
        if rows:
            rows.append(
                (
                    _("All selected calls"),
                    "",
                    sum((c.budget for c in calls), ZERO),
                    sums["total"],
                    sums["committed"],
                    sums["paid"],
                    sums["available"],
                )
            )
        by_call = Table(
            "budget-by-call",
            _("Budget per call (ledger)"),
            columns,
            rows,
            note=_(
                "Available: not yet committed. Committed: promised and not yet paid out by "
                "the bank, including payouts waiting for a payment run. Paid: transferred by "
                "the bank. Total = available + committed + paid (the same figures as on the "
                "calls page and in the public statistics)."
            ),
        )
        points = selectors.cumulative_series(
            flows["daily"], start=report_filter.date_from, end=report_filter.date_to
        )
        over_time = Table(
            "budget-over-time",
            _("Budget over time (all selected calls)"),
            [
                Column("date", _("Date"), DATE),
                Column("total", _("Total"), MONEY),
                Column("committed", _("Committed"), MONEY),
                Column("paid", _("Paid"), MONEY),
                Column("available", _("Available"), MONEY),
            ],
            [(day, v["total"], v["committed"], v["paid"], v["available"]) for day, v in points],
        )
        share = Table(
            "budget-use",
            _("Use of the budget (all selected calls)"),
            [Column("figure", _("Figure")), Column("amount", _("Amount"), MONEY)],
            [
                (_("Committed"), sums["committed"]),
                (_("Paid"), sums["paid"]),
                (_("Available"), sums["available"]),
            ],
        )
        result = SectionResult(
            key=self.key,
            title=str(self.title),
            intro=_("The budget of each call as the ledger holds it."),
            facts=[
                (_("Calls"), str(len(calls))),
                (_("Total"), format_eur(sums["total"])),
                (_("Committed"), format_eur(sums["committed"])),
                (_("Paid"), format_eur(sums["paid"])),
                (_("Available"), format_eur(sums["available"])),
            ],
            charts=[
                line_chart(
                    key="budget-over-time",
                    title=_("Budget over time"),
                    table=over_time,
                    x_column="date",
                    series=["total", "committed", "paid", "available"],
                ),
                bar_chart(
                    key="budget-use",
                    title=_("Use of the budget"),
                    table=share,
                    label_column="figure",
                    value_column="amount",
                ),
            ],
            tables=[by_call],
        )
        if report_filter.state:
            result.notes.append(
                _(
                    "Budgets belong to calls, not to federal states: the state filter does not "
                    "apply to this section."
                )
            )
        return result
