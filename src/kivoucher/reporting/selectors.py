"""Aggregate queries of the reporting. Each function is one (or two) GROUP BY
queries; Python only reshapes the aggregated rows, never walks a big table.

Days are UTC calendar days taken from the stored timestamp text, which both
SQLite and PostgreSQL compute natively (no per-row Python function).
"""

from datetime import date, datetime
from decimal import Decimal

from django.db import connection
from django.db.models import Case, CharField, Count, Max, Min, Sum, Value, When
from django.utils import timezone

from kivoucher.core.money import ZERO
from kivoucher.ledger.models import Transfer
from kivoucher.organizations.models import Organisation
from kivoucher.payments.models import Payout
from kivoucher.programmes.figures import call_figures
from kivoucher.programmes.models import AidAward, Call
from kivoucher.reporting.filters import ReportFilter
from kivoucher.reporting.rollup import ledger_rows
from kivoucher.reporting.sizes import SIZE_CLASS_SQL


def calls_for(report_filter: ReportFilter):
    calls = Call.objects.select_related("programme").order_by("programme__line", "opens_at", "pk")
    return report_filter.apply(calls, programme="programme_id", call="pk")


def budget_flows(*, report_filter: ReportFilter, calls) -> dict:
    """Per call: total, available, committed and paid at the end of the period, and the
    daily movements of all the calls together (for the curve over time).

    The figures are defined once, in `programmes.figures` (read that docstring); the
    reporting only feeds it the movements of the calls' accounts from its cache of
    daily ledger sums (reporting.rollup) plus the live transfers above its watermark.
    Days are UTC days.
    """
    calls = list(calls)
    figures = call_figures(
        calls=calls, last_day=report_filter.date_to, by_day=True, rows=ledger_rows
    )
    daily: dict[date, dict[str, Decimal]] = {}
    for days in figures.daily.values():
        for day, deltas in days.items():
            summed = daily.setdefault(day, {"available": ZERO, "committed": ZERO, "paid": ZERO})
            for key in summed:
                summed[key] += deltas[key]
    return {"per_call": figures.per_call, "daily": dict(sorted(daily.items()))}


def cumulative_series(
    daily: dict[date, dict[str, Decimal]], *, start: date | None, end: date | None
) -> list[tuple[date, dict[str, Decimal]]]:
    """Running totals at the end of each day, bucketed to weeks or months on long spans;
    movements before `start` form the opening value."""
    running = {"available": ZERO, "committed": ZERO, "paid": ZERO}
    points: list[tuple[date, dict[str, Decimal]]] = []
    for day, deltas in daily.items():
        for key, value in deltas.items():
            running[key] += value
        if start and day < start:
            continue
        snapshot = dict(running)
        snapshot["total"] = snapshot["available"] + snapshot["committed"] + snapshot["paid"]
        points.append((day, snapshot))
    if start and (not points or points[0][0] > start) and daily:
        opening = dict(running) if not points else _before(daily, start)
        opening["total"] = opening["available"] + opening["committed"] + opening["paid"]
        points.insert(0, (start, opening))
    if not points:
        return []
    span = (points[-1][0] - points[0][0]).days
    if span > 400:
        bucket = lambda d: (d.year, d.month)  # noqa: E731
    elif span > 90:
        bucket = lambda d: d.isocalendar()[:2]  # noqa: E731
    else:
        return points
    last: dict = {}
    for day, values in points:
        last[bucket(day)] = (day, values)
    return list(last.values())


def _before(daily, start: date) -> dict[str, Decimal]:
    running = {"available": ZERO, "committed": ZERO, "paid": ZERO}
    for day, deltas in daily.items():
        if day >= start:
            break
        for key, value in deltas.items():
            running[key] += value
    return running


def platform_awards(report_filter: ReportFilter):
    """The platform's grants (all lines), not cancelled, within the filters."""
    awards = AidAward.objects.filter(source=AidAward.Source.PLATFORM, cancelled_at__isnull=True)
    if report_filter.programme_id:
        awards = awards.filter(programme_id=report_filter.programme_id)
    elif report_filter.call_id:
        call = Call.objects.filter(pk=report_filter.call_id).only("programme_id").first()
        awards = awards.filter(programme_id=call.programme_id if call else None)
    if report_filter.date_from:
        awards = awards.filter(granted_on__gte=report_filter.date_from)
    if report_filter.date_to:
        awards = awards.filter(granted_on__lte=report_filter.date_to)
    if report_filter.state:
        awards = awards.filter(organisation__federal_state=report_filter.state)
    return awards


def award_cells(*, report_filter: ReportFilter) -> list[tuple]:
    """(state, size class, NACE section, programme id, companies, grants, amount,
    companies in the programme), in one query: the grants are summed per company and
    programme, then per cell. `companies` counts each company once (in its first
    programme, ROW_NUMBER), so the cells add up to distinct companies along state, size
    and sector; the last column counts them per programme."""
    per_company = (
        platform_awards(report_filter)
        .values("organisation_id", "programme_id")
        .annotate(grants=Count("pk"), amount=Sum("amount"))
        .order_by()
    )
    inner, params = per_company.query.sql_with_params()
    org = connection.ops.quote_name(Organisation._meta.db_table)
    sql = f"""
        SELECT o.federal_state, {SIZE_CLASS_SQL}, SUBSTR(o.sector, 1, 1), y.programme_id,
               SUM(CASE WHEN y.rn = 1 THEN 1 ELSE 0 END), SUM(y.grants), SUM(y.amount), COUNT(*)
        FROM (
            SELECT x.organisation_id, x.programme_id, x.grants, x.amount,
                   ROW_NUMBER() OVER (PARTITION BY x.organisation_id ORDER BY x.programme_id)
                       AS rn
            FROM ({inner}) x
        ) y JOIN {org} o ON o.id = y.organisation_id
        GROUP BY o.federal_state, {SIZE_CLASS_SQL}, SUBSTR(o.sector, 1, 1), y.programme_id
    """  # noqa: S608 - the inner query is Django's, with its parameters
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [
            (state or "", size, (sector or "").upper(), programme, n, grants, _money(amount), k)
            for state, size, sector, programme, n, grants, amount, k in cursor.fetchall()
        ]


def _money(value) -> Decimal:
    return Decimal(str(value or 0)).quantize(Decimal("0.01"))


CELL_INDEX = {"state": 0, "size": 1, "sector": 2, "programme": 3}


def awards_by(
    *, report_filter: ReportFilter, dimension: str, cells: list[tuple] | None = None
) -> list[tuple]:
    """(value of the dimension, companies, grants, amount) by state, size, sector or
    programme, rolled up from `award_cells` (no further query)."""
    index = CELL_INDEX[dimension]
    companies = 7 if dimension == "programme" else 4
    totals: dict[str, list] = {}
    for cell in cells if cells is not None else award_cells(report_filter=report_filter):
        key = "" if cell[index] is None else str(cell[index])
        entry = totals.setdefault(key, [0, 0, ZERO])
        entry[0] += cell[companies]
        entry[1] += cell[5]
        entry[2] += cell[6]
    return [(key, *values) for key, values in sorted(totals.items())]


def awards_totals(*, cells: list[tuple]) -> dict:
    return {
        "companies": sum(c[4] for c in cells),
        "grants": sum(c[5] for c in cells),
        "amount": sum((c[6] for c in cells), ZERO),
    }


DE_MINIMIS_BUCKETS = [
    (Decimal("0.25"), "< 25 %"),
    (Decimal("0.50"), "25–50 %"),
    (Decimal("0.75"), "50–75 %"),
    (Decimal("0.90"), "75–90 %"),
    (Decimal("1.00"), "90–100 %"),
]


def de_minimis_usage(*, report_filter: ReportFilter, ceiling: Decimal, years: int) -> list[tuple]:
    """How much of the de-minimis ceiling the companies with a platform grant have used
    (all de-minimis aid, declared and granted, in the rolling period up to the end of
    the report period): (bucket label, companies, aid used). One query.

    Counted per organisation; the decision itself counts the single undertaking."""
    end = report_filter.date_to or timezone.localdate()
    if end.year <= years:  # a period ending in the first years of the calendar
        start = date.min
    else:
        try:
            start = end.replace(year=end.year - years)
        except ValueError:
            start = end.replace(year=end.year - years, day=28)
    award_table = connection.ops.quote_name(AidAward._meta.db_table)
    org_table = connection.ops.quote_name(Organisation._meta.db_table)
    cases = " ".join(
        f"WHEN used < {float(limit * ceiling):.2f} THEN {i}"
        for i, (limit, _label) in enumerate(DE_MINIMIS_BUCKETS)
    )
    # One pass over the register: per organisation the de-minimis aid in the window,
    # kept when it has a platform grant within the filters (HAVING).
    scope = ["a.source = %s"]
    scope_params: list = [AidAward.Source.PLATFORM]
    if report_filter.programme_id:
        scope.append("a.programme_id = %s")
        scope_params.append(report_filter.programme_id)
    join = ""
    where = ""
    where_params: list = []
    if report_filter.state:
        join = f"JOIN {org_table} o ON o.id = a.organisation_id"
        where = "AND o.federal_state = %s"
        where_params.append(report_filter.state)
    sql = f"""
        SELECT bucket, COUNT(*), SUM(used) FROM (
            SELECT used, CASE {cases} ELSE {len(DE_MINIMIS_BUCKETS)} END AS bucket FROM (
                SELECT a.organisation_id,
                       SUM(CASE WHEN a.is_de_minimis AND a.granted_on > %s
                                 AND a.granted_on <= %s THEN a.amount ELSE 0 END) AS used
                FROM {award_table} a {join}
                WHERE a.cancelled_at IS NULL {where}
                GROUP BY a.organisation_id
                HAVING SUM(CASE WHEN {" AND ".join(scope)} THEN 1 ELSE 0 END) > 0
            ) per_company
        ) bucketed GROUP BY bucket ORDER BY bucket
    """  # noqa: S608 - only quoted table names and numbers are interpolated
    with connection.cursor() as cursor:
        cursor.execute(sql, [start, end, *where_params, *scope_params])
        found = {int(b): (n, Decimal(str(s or 0)).quantize(Decimal("0.01"))) for b, n, s in cursor}
    labels = [label for _limit, label in DE_MINIMIS_BUCKETS] + ["> 100 %"]
    return [(label, *found.get(i, (0, ZERO))) for i, label in enumerate(labels)]


def payouts_for(report_filter: ReportFilter):
    return report_filter.apply(
        Payout.objects.exclude(status=Payout.Status.CANCELLED),
        state="beneficiary__federal_state",
        moment="created_at",
    )


def payouts_by_status(*, report_filter: ReportFilter) -> list[tuple]:
    rows = (
        payouts_for(report_filter)
        .values_list("status")
        .annotate(n=Count("pk"), amount=Sum("amount"))
        .order_by("status")
    )
    return list(rows)


def payouts_by_line(*, report_filter: ReportFilter) -> list[tuple]:
    """By the line the payout's origin names ("project:12" -> project)."""
    line = Case(
        When(origin__startswith="project", then=Value("project")),
        When(origin__startswith="voucher", then=Value("project")),
        When(origin__startswith="compute", then=Value("compute")),
        When(origin__startswith="presale", then=Value("presale")),
        default=Value("other"),
        output_field=CharField(),
    )
    return list(
        payouts_for(report_filter)
        .annotate(line=line)
        .values_list("line")
        .annotate(n=Count("pk"), amount=Sum("amount"))
        .order_by("line")
    )


def open_data_dates() -> dict:
    """The dates the open-data catalogue states: `start`, the day the first call opened
    (or the first grant, if earlier); `modified`, the last change that the public figures
    reflect (a transfer of the ledger, a grant or its cancellation, a new call). Three
    aggregate queries; None where there is nothing yet."""
    calls = Call.objects.aggregate(first=Min("opens_at"), last=Max("created_at"))
    awards = AidAward.objects.filter(source=AidAward.Source.PLATFORM).aggregate(
        first=Min("granted_on"), last=Max("granted_on"), cancelled=Max("cancelled_at")
    )
    transfers = Transfer.objects.aggregate(last=Max("created_at"))
    starts = [
        d
        for d in (
            timezone.localdate(calls["first"]) if calls["first"] else None,
            awards["first"],
        )
        if d
    ]
    changes = [t for t in (calls["last"], awards["cancelled"], transfers["last"]) if t]
    if awards["last"]:
        changes.append(timezone.make_aware(datetime.combine(awards["last"], datetime.min.time())))
    return {
        "start": min(starts, default=None),
        "modified": max(changes, default=None),
    }
