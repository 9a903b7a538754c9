from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from kivoucher.core.permissions import role_required
from kivoucher.core.roles import STAFF_ROLES
from kivoucher.reporting.dashboard import dashboard_build, dashboard_table_get, dashboard_tables
from kivoucher.reporting.exports import (
    XLSX_TYPE,
    report_pdf,
    table_csv,
    tables_xlsx,
)
from kivoucher.reporting.filters import ReportFilter, report_filter_from
from kivoucher.reporting.opendata import catalogue
from kivoucher.reporting.public import (
    LICENCE_URL,
    licence,
    public_statistics,
    suppression_note,
)
from kivoucher.reporting.public_charts import public_charts

staff_only = role_required(*STAFF_ROLES)


@staff_only
def dashboard(request):
    form, report_filter = report_filter_from(request.GET)
    outcomes = dashboard_build(report_filter=report_filter)
    return render(
        request,
        "reporting/dashboard.html",
        {
            "form": form,
            "filter": report_filter,
            "query": request.GET.urlencode(),
            "outcomes": outcomes,
            "filters_described": report_filter.describe(),
            "year": timezone.localdate().year,
        },
    )


def _download(request, content, *, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    token = request.GET.get("download_token", "")
    if token.isascii() and token.isalnum() and len(token) <= 32:
        # Tells the page (site.js) that the file it showed progress for has arrived.
        response.set_cookie(
            "kiv_download", token, max_age=60, samesite="Lax", secure=request.is_secure()
        )
    return response


@staff_only
def dashboard_export(request, key: str, fmt: str):
    _form, report_filter = report_filter_from(request.GET)
    described = report_filter.describe()
    if key == "all":
        tables = dashboard_tables(dashboard_build(report_filter=report_filter))
        if fmt != "xlsx":
            raise Http404
        return _download(
            request,
            tables_xlsx(tables, filters=described),
            content_type=XLSX_TYPE,
            filename="ki-voucher-dashboard.xlsx",
        )
    table = dashboard_table_get(report_filter=report_filter, key=key)  # NotFound: 404
    if fmt == "csv":
        return _download(
            request, table_csv(table), content_type="text/csv; charset=utf-8", filename=f"{key}.csv"
        )
    return _download(
        request,
        tables_xlsx([table], filters=described),
        content_type=XLSX_TYPE,
        filename=f"{key}.xlsx",
    )


@staff_only
def yearly_report(request, year: int):
    from datetime import date

    if not 2000 <= year <= 2100:
        raise Http404
    form, base = report_filter_from(request.GET)
    report_filter = ReportFilter(
        programme_id=base.programme_id,
        call_id=base.call_id,
        state=base.state,
        date_from=date(year, 1, 1),
        date_to=date(year, 12, 31),
    )
    outcomes = dashboard_build(report_filter=report_filter)
    pdf = report_pdf(
        context={
            "year": year,
            "outcomes": outcomes,
            "filters_described": report_filter.describe(),
            "generated_at": timezone.now(),
        }
    )
    name = slugify(_("programme report")) or "report"
    return _download(request, pdf, content_type="application/pdf", filename=f"{name}-{year}.pdf")


def _licensed(response: HttpResponse) -> HttpResponse:
    """The open data's licence as a Link header (RFC 8288), also on the CSV files,
    which have no place for it in the data itself."""
    response["Link"] = f'<{LICENCE_URL}>; rel="license"'
    return response


def statistics(request):
    stats = public_statistics()
    charts = public_charts(stats)
    return render(
        request,
        "reporting/statistics.html",
        {
            "stats": stats,
            "sections": [(table, charts.get(table.key)) for table in stats.tables],
            "note": suppression_note(),
            "licence": licence(),
        },
    )


def statistics_json(request):
    return _licensed(
        JsonResponse(public_statistics().as_dict(), json_dumps_params={"ensure_ascii": False})
    )


def statistics_csv(request, key: str):
    table = public_statistics().table(key)
    if table is None:
        raise Http404
    return _licensed(
        _download(
            request,
            table_csv(table),
            content_type="text/csv; charset=utf-8",
            filename=f"{key}.csv",
        )
    )


def statistics_catalog(request):
    """The DCAT-AP.de description of the open data (JSON-LD) for GovData to harvest."""
    return JsonResponse(
        catalogue(public_statistics()),
        content_type="application/ld+json; charset=utf-8",
        json_dumps_params={"ensure_ascii": False, "indent": 1},
    )
