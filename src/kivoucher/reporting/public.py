"""Public statistics: aggregated figures only, with small cells suppressed.

A cell that counts fewer than MIN_COMPANIES companies (but at least one) is not
shown, neither its count nor its money. So that a hidden cell cannot be worked
out from the total and the other cells, a second cell of the same table is
hidden too when only one is (secondary suppression: the smallest shown one).
"""

from dataclasses import dataclass
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kivoucher.core.money import ZERO
from kivoucher.core.site import absolute_url
from kivoucher.organizations.models import FederalState
from kivoucher.programmes.models import Line, Programme, SizeClass
from kivoucher.reporting import selectors
from kivoucher.reporting.filters import ReportFilter
from kivoucher.reporting.sections.labels import sector_label, size_label, state_label
from kivoucher.reporting.tables import COUNT, MONEY, Column, Table

MIN_COMPANIES = 5
TABLE_TITLES = {
    "budget": gettext_lazy("Budget per programme line"),
    "approvals-by-state": gettext_lazy("Approvals by federal state"),
    "approvals-by-size": gettext_lazy("Approvals by size class"),
    "approvals-by-sector": gettext_lazy("Approvals by sector (NACE section)"),
    "approvals-by-programme": gettext_lazy("Approvals by programme"),
    "approvals-total": gettext_lazy("All approvals"),
}

# The open data's licence (Datenlizenz Deutschland – Namensnennung – 2.0): its text,
# and its identifier in the DCAT-AP.de licence vocabulary for the catalogue.
LICENCE_NAME = "Datenlizenz Deutschland – Namensnennung – 2.0"
LICENCE_URL = "https://www.govdata.de/dl-de/by-2-0"
LICENCE_DCAT = "http://dcat-ap.de/def/licenses/dl-by-de/2.0"


def licence_attribution() -> str:
    """The attribution the licence asks of whoever uses the data (dl-de/by-2-0 § 2)."""
    return _("KI-Voucher funding programme, programme statistics (%(url)s)") % {
        "url": absolute_url(reverse("statistics"))
    }


def licence() -> dict:
    return {
        "name": LICENCE_NAME,
        "url": LICENCE_URL,
        "id": "dl-by-de/2.0",
        "attribution": licence_attribution(),
    }


@dataclass
class PublicStatistics:
    generated_at: object
    tables: list[Table]

    def table(self, key: str) -> Table | None:
        return next((t for t in self.tables if t.key == key), None)

    def as_dict(self) -> dict:
        from kivoucher.reporting.exports import table_as_dict

        return {
            "generated_at": self.generated_at.isoformat(),
            "min_companies_per_cell": MIN_COMPANIES,
            "note": suppression_note(),
            "license": licence(),
            "tables": [table_as_dict(t) for t in self.tables],
        }


def suppression_note() -> str:
    return _(
        "Cells with fewer than %(n)s companies are not shown (empty); where a single cell of "
        "a table would be hidden, a second one is hidden as well so that it cannot be worked "
        "out from the total."
    ) % {"n": MIN_COMPANIES}


def suppress(rows: list[tuple], *, companies_at: int, hide: list[int]) -> list[tuple]:
    """Rows with the columns `hide` (and the company count) set to None where the cell
    has 1 to MIN_COMPANIES - 1 companies, plus secondary suppression."""
    small = [i for i, row in enumerate(rows) if 0 < row[companies_at] < MIN_COMPANIES]
    if len(small) == 1:
        candidates = [i for i, row in enumerate(rows) if i not in small and row[companies_at] > 0]
        if candidates:
            small.append(min(candidates, key=lambda i: rows[i][companies_at]))
    columns = set(hide) | {companies_at}
    return [
        tuple(None if (i in small and c in columns) else v for c, v in enumerate(row))
        for i, row in enumerate(rows)
    ]


def _award_table(
    key: str, title: str, label: Column, rows: list[tuple], *, with_code: bool = False
) -> Table:
    columns = [
        label,
        Column("companies", _("Companies"), COUNT),
        Column("grants", _("Grants"), COUNT),
        Column("amount", _("Amount granted"), MONEY),
    ]
    offset = 2 if with_code else 1
    return Table(
        key,
        title,
        ([Column("code", _("Code"))] if with_code else []) + columns,
        suppress(rows, companies_at=offset, hide=[offset + 1, offset + 2]),
        note=suppression_note(),
    )


def public_statistics(*, year: int | None = None) -> PublicStatistics:
    f = ReportFilter()
    if year:
        from datetime import date

        f = ReportFilter(date_from=date(year, 1, 1), date_to=date(year, 12, 31))
    tables = []
    # Budgets per programme line (no company data).
    calls = list(selectors.calls_for(ReportFilter()))
    flows = selectors.budget_flows(report_filter=ReportFilter(date_to=f.date_to), calls=calls)
    per_line: dict[str, dict[str, Decimal]] = {}
    for call in calls:
        figures = per_line.setdefault(
            call.programme.line, {"total": ZERO, "committed": ZERO, "paid": ZERO, "available": ZERO}
        )
        for key in figures:
            figures[key] += flows["per_call"][call.pk][key]
    lines = dict(Line.choices)
    tables.append(
        Table(
            "budget",
            str(TABLE_TITLES["budget"]),
            [
                Column("line", _("Programme line")),
                Column("total", _("Total"), MONEY),
                Column("committed", _("Committed"), MONEY),
                Column("paid", _("Paid"), MONEY),
                Column("available", _("Available"), MONEY),
            ],
            [
                (str(lines[line]), v["total"], v["committed"], v["paid"], v["available"])
                for line, v in sorted(per_line.items())
            ],
        )
    )
    cells = selectors.award_cells(report_filter=f)
    found = {
        c: (n, g, a)
        for c, n, g, a in selectors.awards_by(report_filter=f, dimension="state", cells=cells)
    }
    tables.append(
        _award_table(
            "approvals-by-state",
            str(TABLE_TITLES["approvals-by-state"]),
            Column("state", _("Federal state")),
            [
                (code, state_label(code), *found.get(code, (0, 0, ZERO)))
                for code in FederalState.values
            ],
            with_code=True,
        )
    )
    found = {
        c: (n, g, a)
        for c, n, g, a in selectors.awards_by(report_filter=f, dimension="size", cells=cells)
    }
    tables.append(
        _award_table(
            "approvals-by-size",
            str(TABLE_TITLES["approvals-by-size"]),
            Column("size", _("Size class")),
            [(size_label(c), *found.get(c, (0, 0, ZERO))) for c in SizeClass.values],
        )
    )
    tables.append(
        _award_table(
            "approvals-by-sector",
            str(TABLE_TITLES["approvals-by-sector"]),
            Column("sector", _("Sector")),
            [
                (sector_label(c), n, g, a)
                for c, n, g, a in selectors.awards_by(
                    report_filter=f, dimension="sector", cells=cells
                )
            ],
        )
    )
    names = dict(Programme.objects.values_list("pk", "name"))
    tables.append(
        _award_table(
            "approvals-by-programme",
            str(TABLE_TITLES["approvals-by-programme"]),
            Column("programme", _("Programme")),
            [
                (names.get(int(pk), pk) if pk else "–", n, g, a)
                for pk, n, g, a in selectors.awards_by(
                    report_filter=f, dimension="programme", cells=cells
                )
            ],
        )
    )
    totals = selectors.awards_totals(cells=cells)
    total_row = (
        _("All approvals"),
        totals["companies"],
        totals["grants"],
        totals["amount"] or ZERO,
    )
    tables.append(
        _award_table(
            "approvals-total",
            str(TABLE_TITLES["approvals-total"]),
            Column("scope", _("Scope")),
            [total_row],
        )
    )
    return PublicStatistics(generated_at=timezone.now(), tables=tables)
