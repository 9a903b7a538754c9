"""Approvals (the platform's grants of all lines, from the grant register) by
federal state, size class, sector and programme, with the map of Germany."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kivoucher.core.money import ZERO, format_eur
from kivoucher.organizations.models import FederalState
from kivoucher.programmes.models import Programme, SizeClass
from kivoucher.reporting import selectors
from kivoucher.reporting.filters import ReportFilter
from kivoucher.reporting.sections.base import Section, SectionResult
from kivoucher.reporting.sections.labels import sector_label, size_label, state_label
from kivoucher.reporting.svg import bar_chart, state_map
from kivoucher.reporting.tables import COUNT, MONEY, Column, Table


def award_columns(first: Column) -> list[Column]:
    return [
        first,
        Column("companies", _("Companies"), COUNT),
        Column("grants", _("Grants"), COUNT),
        Column("amount", _("Amount granted"), MONEY),
    ]


def by_state_rows(rows: list[tuple]) -> list[tuple]:
    """All sixteen states in their order, empty ones with zeros."""
    found = {code: (n, g, a) for code, n, g, a in rows}
    out = [
        (code, state_label(code), *found.get(code, (0, 0, ZERO))) for code in FederalState.values
    ]
    if "" in found:
        out.append(("", state_label(""), *found[""]))
    return out


def by_size_rows(rows: list[tuple]) -> list[tuple]:
    found = {code: (n, g, a) for code, n, g, a in rows}
    return [(size_label(code), *found.get(code, (0, 0, ZERO))) for code in SizeClass.values]


def by_sector_rows(rows: list[tuple]) -> list[tuple]:
    return [(sector_label(code), n, g, a) for code, n, g, a in rows]


def by_programme_rows(rows: list[tuple]) -> list[tuple]:
    names = dict(Programme.objects.values_list("pk", "name"))
    return [(names.get(int(pk), pk) if pk else "–", n, g, a) for pk, n, g, a in rows]


class AwardsSection(Section):
    key = "approvals"
    title = gettext_lazy("Approvals")
    order = 30

    def build(self, report_filter: ReportFilter) -> SectionResult:
        f = report_filter
        cells = selectors.award_cells(report_filter=f)
        state_rows = by_state_rows(
            selectors.awards_by(report_filter=f, dimension="state", cells=cells)
        )
        by_state = Table(
            "approvals-by-state",
            _("Approvals by federal state"),
            [Column("code", _("Code"))] + award_columns(Column("state", _("Federal state"))),
            state_rows,
        )
        by_size = Table(
            "approvals-by-size",
            _("Approvals by size class"),
            award_columns(Column("size", _("Size class"))),
            by_size_rows(selectors.awards_by(report_filter=f, dimension="size", cells=cells)),
            note=_("Size class from the organisation's own figures (EU SME thresholds)."),
        )
        by_sector = Table(
            "approvals-by-sector",
            _("Approvals by sector (NACE section)"),
            award_columns(Column("sector", _("Sector"))),
            by_sector_rows(selectors.awards_by(report_filter=f, dimension="sector", cells=cells)),
        )
        by_programme = Table(
            "approvals-by-programme",
            _("Approvals by programme"),
            award_columns(Column("programme", _("Programme"))),
            by_programme_rows(
                selectors.awards_by(report_filter=f, dimension="programme", cells=cells)
            ),
        )
        totals = selectors.awards_totals(cells=cells)
        result = SectionResult(
            key=self.key,
            title=str(self.title),
            intro=_("Grants of every programme line as recorded in the grant register."),
            facts=[
                (_("Companies"), str(totals["companies"] or 0)),
                (_("Grants"), str(totals["grants"] or 0)),
                (_("Amount granted"), format_eur(totals["amount"] or ZERO)),
            ],
            charts=[
                state_map(
                    key="approvals-map",
                    title=_("Money committed by federal state"),
                    table=by_state,
                    state_column="code",
                    value_column="amount",
                ),
                bar_chart(
                    key="approvals-size",
                    title=_("Approvals by size class"),
                    table=by_size,
                    label_column="size",
                    value_column="amount",
                ),
                bar_chart(
                    key="approvals-sector",
                    title=_("Approvals by sector"),
                    table=by_sector,
                    label_column="sector",
                    value_column="amount",
                ),
            ],
            tables=[by_programme],
        )
        if f.call_id:
            result.notes.append(
                _("The grant register knows programmes, not calls: shown for the call's programme.")
            )
        return result
