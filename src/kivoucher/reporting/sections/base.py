"""The interface every dashboard section implements.

A section owns one topic (budget, grants, the application funnel, compute
usage, the pre-sale...). It answers in a few aggregate queries and returns
tables and the charts drawn from them; the dashboard, the exports, the PDF
report and the tests treat every section alike.

    class MySection(Section):
        key = "my-topic"               # unique, used in URLs (?table=<table key>)
        title = _("My topic")
        order = 50                     # position on the dashboard

        def available(self) -> bool:   # False: shown as "not yet available"
            return True

        def build(self, report_filter: ReportFilter) -> SectionResult:
            ...

A programme line adds or replaces sections by putting `SECTIONS = [MySection()]`
in `kivoucher/<app>/reporting.py`; a section with the key of a built-in one
replaces it (see `kivoucher.reporting.sections.sections_all`).
"""

from dataclasses import dataclass, field

from django.apps import apps

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


class Section:
    key: str = ""
    title: str = ""
    order: int = 100
    # Shown when the section is not available (which model it waits for).
    unavailable_note: str = ""

    def available(self) -> bool:
        return True

    def build(self, report_filter: ReportFilter) -> SectionResult:
        raise LookupError(self.key)


def model_or_none(label: str):
    """`app_label.Model` if that app and model exist in this installation, else None."""
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


def field_names(model) -> set[str]:
    return {f.name for f in model._meta.get_fields()} if model else set()


def first_field(model, *candidates: str) -> str | None:
    names = field_names(model)
    return next((name for name in candidates if name in names), None)


def fk_to(model, target_label: str) -> str | None:
    """The name of the first foreign key of `model` pointing at `target_label`."""
    if model is None:
        return None
    for f in model._meta.get_fields():
        if getattr(f, "many_to_one", False) and f.related_model is not None:
            if f.related_model._meta.label == target_label:
                return f.name
    return None
