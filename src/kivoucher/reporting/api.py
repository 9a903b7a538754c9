"""Reporting API: the public statistics (open data, no login) and the staff dashboard."""

from datetime import date
from typing import Annotated

from ninja import Query, Router, Schema
from pydantic import BeforeValidator

from kivoucher.core.errors import NotFound
from kivoucher.reporting.dashboard import dashboard_build
from kivoucher.reporting.exports import table_as_dict
from kivoucher.reporting.filters import ReportFilter
from kivoucher.reporting.public import public_statistics

router = Router()


class ColumnOut(Schema):
    key: str
    label: str
    kind: str


class TableOut(Schema):
    key: str
    title: str
    note: str
    columns: list[ColumnOut]
    rows: list[dict]


class StatisticsLicenceOut(Schema):
    name: str
    url: str
    id: str
    attribution: str


class PublicStatisticsOut(Schema):
    generated_at: str
    min_companies_per_cell: int
    note: str
    license: StatisticsLicenceOut
    tables: list[TableOut]


class SectionOut(Schema):
    key: str
    title: str
    available: bool
    facts: list[list[str]]
    notes: list[str]
    tables: list[TableOut]


@router.get("/public/statistics", auth=None, response=PublicStatisticsOut)
def statistics(request, year: int | None = Query(None, ge=2000, le=2100)):  # noqa: B008
    """Aggregated programme figures as open data. Cells with fewer than five companies
    are empty (null), see `note`."""
    return public_statistics(year=year).as_dict()


def _iso_date(value):
    return date.fromisoformat(value) if isinstance(value, str) else value


# A date as YYYY-MM-DD only (pydantic would also read "0" as a Unix time).
IsoDate = Annotated[date, BeforeValidator(_iso_date)]


@router.get("/reporting/dashboard", response=list[SectionOut])
def dashboard(
    request,
    programme: int | None = None,
    call: int | None = None,
    date_from: IsoDate | None = None,
    date_to: IsoDate | None = None,
    state: str = "",
):
    """The staff dashboard's figures with the same filters as the page (staff only)."""
    if not request.user.sees_everything:
        raise NotFound("Not found.")
    report_filter = ReportFilter(
        programme_id=programme, call_id=call, date_from=date_from, date_to=date_to, state=state
    )
    out = []
    for outcome in dashboard_build(report_filter=report_filter):
        result = outcome.result
        out.append(
            {
                "key": outcome.key,
                "title": outcome.title,
                "available": result is not None,
                "facts": [[str(a), str(b)] for a, b in result.facts] if result else [],
                "notes": [str(n) for n in result.notes] if result else [],
                "tables": [table_as_dict(t) for t in result.all_tables()] if result else [],
            }
        )
    return out
