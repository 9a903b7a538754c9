"""The registry of dashboard sections, and the interface a programme line uses
to contribute its own.

Reporting's own sections cover what every line shares (budgets from the ledger,
the grant register, de-minimis, payouts). A programme line contributes the
sections about its own models from its own package: `SECTIONS = [...]` in
`kivoucher/<app>/reporting.py`, found by the app's entry in INSTALLED_APPS
(the way Django finds `admin.py`). That module imports its models directly and
this package for the interface: the one import of reporting a line makes.
A section with the key of an earlier one replaces it: reporting's own come
first, then the apps' in the order of INSTALLED_APPS.
"""

from kivoucher.core.registry import app_modules
from kivoucher.reporting.filters import ReportFilter
from kivoucher.reporting.sections.base import DaysBetween, Section, SectionResult, percentile
from kivoucher.reporting.svg import Chart, bar_chart, line_chart
from kivoucher.reporting.tables import (
    COUNT,
    DATE,
    DAYS,
    MONEY,
    PERCENT,
    TEXT,
    Column,
    Table,
    status_table,
)

CONTRIBUTION_MODULE = "reporting"


def builtin_sections() -> list[Section]:
    from kivoucher.reporting.sections.awards import AwardsSection
    from kivoucher.reporting.sections.budget import BudgetSection
    from kivoucher.reporting.sections.deminimis import DeMinimisSection
    from kivoucher.reporting.sections.payouts import PayoutsSection

    return [BudgetSection(), AwardsSection(), DeMinimisSection(), PayoutsSection()]


def contributed_sections() -> list[Section]:
    """The `SECTIONS` of every installed app's `reporting` module, in app order."""
    modules = app_modules(CONTRIBUTION_MODULE, exclude=("kivoucher.reporting",))
    return [section for module in modules for section in module.SECTIONS]


def sections_all() -> list[Section]:
    by_key = {s.key: s for s in builtin_sections()}
    for section in contributed_sections():
        by_key[section.key] = section
    return sorted(by_key.values(), key=lambda s: (s.order, s.key))


__all__ = [
    "COUNT",
    "DATE",
    "DAYS",
    "MONEY",
    "PERCENT",
    "TEXT",
    "Chart",
    "Column",
    "DaysBetween",
    "ReportFilter",
    "Section",
    "SectionResult",
    "Table",
    "bar_chart",
    "line_chart",
    "percentile",
    "sections_all",
    "status_table",
]
