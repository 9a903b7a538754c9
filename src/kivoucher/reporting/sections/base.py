"""The interface every dashboard section implements.

A section owns one topic (budget, grants, the application funnel, compute
usage, the pre-sale...). It answers in a few aggregate queries and returns
tables and the charts drawn from them; the dashboard, the exports, the PDF
report and the tests treat every section alike.

    class MySection(Section):
        key = "my-topic"               # unique, used in URLs (?table=<table key>)
        title = _("My topic")
        order = 50                     # position on the dashboard

        def build(self, report_filter: ReportFilter) -> SectionResult:
            ...

A programme line contributes its sections from its own package: `SECTIONS =
[MySection()]` in `kivoucher/<app>/reporting.py`, importing its models directly
and this interface from `kivoucher.reporting.sections` (see there).
"""

import math
from abc import ABC, abstractmethod
from dataclasses import dataclass, field

from django.db.models import FloatField, Func

from kivoucher.reporting.filters import ReportFilter
from kivoucher.reporting.svg import Chart
from kivoucher.reporting.tables import Table


@dataclass
class SectionResult:
    key: str
    title: str
    intro: str = ""
    facts: list[tuple[str, str]] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def all_tables(self) -> list[Table]:
        """Every table of the section: the charts' data tables, then the others."""
        seen, out = set(), []
        for table in [c.table for c in self.charts] + self.tables:
            if table.key not in seen:
                seen.add(table.key)
                out.append(table)
        return out


class Section(ABC):
    key: str = ""
    title: str = ""
    order: int = 100
    # Shown when the section is not available (what it waits for).
    unavailable_note: str = ""

    def available(self) -> bool:
        return True

    @abstractmethod
    def build(self, report_filter: ReportFilter) -> SectionResult:
        """The section's figures for the filters, in a few aggregate queries."""


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


def percentile(queryset, field: str, p: float):
    """Nearest-rank percentile: two small queries (count, one ordered row)."""
    n = queryset.count()
    if n == 0:
        return None
    rank = min(n, max(1, math.ceil(p * n)))
    return queryset.order_by(field).values_list(field, flat=True)[rank - 1]
