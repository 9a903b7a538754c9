"""The pictures of the public statistics: drawn from the public tables only, after
small-cell suppression, so that a picture holds nothing its table does not show.

A suppressed cell (None) is drawn as "not shown": a hatched state on the map, a
bar left out with the words instead of a value; no colour, length or text of the
picture depends on a suppressed figure. The pictures are narrow (about 360 px), so
that a phone shows them at (nearly) their own size.
"""

from django.utils.translation import gettext as _

from kivoucher.reporting.public import MIN_COMPANIES, PublicStatistics
from kivoucher.reporting.svg import Chart, bar_chart, stacked_bar_chart, state_map


def not_shown_label() -> str:
    return _("not shown (fewer than %(n)s companies)") % {"n": MIN_COMPANIES}


def public_charts(stats: PublicStatistics) -> dict[str, Chart]:
    """The picture of each public table that has one, by the table's key."""
    charts: dict[str, Chart] = {}
    hidden = not_shown_label()
    budget = stats.table("budget")
    if budget is not None and budget.rows:
        charts[budget.key] = stacked_bar_chart(
            key="public-budget",
            title=_("Budget per programme line: paid, committed, available"),
            table=budget,
            label_column="line",
            series=["paid", "committed", "available"],
        )
    by_state = stats.table("approvals-by-state")
    if by_state is not None:
        charts[by_state.key] = state_map(
            key="public-map",
            title=_("Amount granted by federal state"),
            table=by_state,
            state_column="code",
            value_column="amount",
            hidden_label=hidden,
            legend_below=True,
        )
    for key, label_column, title in (
        ("approvals-by-size", "size", _("Amount granted by size class")),
        ("approvals-by-sector", "sector", _("Amount granted by sector")),
        ("approvals-by-programme", "programme", _("Amount granted by programme")),
    ):
        table = stats.table(key)
        if table is not None and table.rows:
            charts[key] = bar_chart(
                key=f"public-{key}",
                title=title,
                table=table,
                label_column=label_column,
                value_column="amount",
                missing=hidden,
                narrow=True,
            )
    return charts
