"""Build the dashboard: every available section for the filters, and the lookup of
a table by its key for the exports."""

from dataclasses import dataclass

from kivoucher.core.errors import NotFound
from kivoucher.reporting.filters import ReportFilter
from kivoucher.reporting.sections import Section, SectionResult, sections_all
from kivoucher.reporting.tables import Table


@dataclass
class SectionOutcome:
    section: Section
    result: SectionResult | None  # None: the section is not available yet

    @property
    def key(self) -> str:
        return self.section.key

    @property
    def title(self) -> str:
        return str(self.section.title)


def dashboard_build(
    *, report_filter: ReportFilter, only: set[str] | None = None
) -> list[SectionOutcome]:
    outcomes = []
    for section in sections_all():
        if only is not None and section.key not in only:
            continue
        if section.available():
            outcomes.append(SectionOutcome(section, section.build(report_filter)))
        else:
            outcomes.append(SectionOutcome(section, None))
    return outcomes


def dashboard_tables(outcomes: list[SectionOutcome]) -> list[Table]:
    return [table for o in outcomes if o.result for table in o.result.all_tables()]


def dashboard_table_get(*, report_filter: ReportFilter, key: str) -> Table:
    for table in dashboard_tables(dashboard_build(report_filter=report_filter)):
        if table.key == key:
            return table
    raise NotFound(f"No table {key}.")
