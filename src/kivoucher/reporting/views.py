from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kivoucher.core.permissions import role_required
from kivoucher.core.progress import progress_get_for_user, progress_start
from kivoucher.core.roles import STAFF_ROLES
from kivoucher.reporting.dashboard import dashboard_build, dashboard_table_get, dashboard_tables
from kivoucher.reporting.exports import (
    XLSX_TYPE,
    table_csv,
    tables_xlsx,
)
from kivoucher.reporting.filters import report_filter_from
from kivoucher.reporting.opendata import catalogue
from kivoucher.reporting.public import (
    LICENCE_URL,
    licence,
    public_statistics,
    suppression_note,
)
from kivoucher.reporting.public_charts import public_charts
from kivoucher.reporting.tasks import report_file_name, yearly_report_render, yearly_report_task

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
    """The report as a direct download, rendered in the request (kept for bookmarks
    and scripts); the dashboard starts `yearly_report_start` instead."""
    if not 2000 <= year <= 2100:
        raise Http404
    pdf = yearly_report_render(year=year, params=request.GET)
    return _download(request, pdf, content_type="application/pdf", filename=_report_name(year))


def _report_name(year: int) -> str:
    return f"{slugify(_('programme report')) or 'report'}-{year}.pdf"


@require_POST
@staff_only
def yearly_report_start(request, year: int):
    """Hand the report to a worker (kivoucher.reporting.tasks); the page follows it."""
    if not 2000 <= year <= 2100:
        raise Http404
    progress = progress_start(user=request.user, message=_("Waiting for a worker …"))
    yearly_report_task.enqueue(
        year=year,
        query=request.GET.urlencode(),
        progress_key=progress.key,
        language=translation.get_language(),
    )
    progress.refresh_from_db()  # the immediate backend has run it already
    if request.htmx:
        return render(request, "reporting/_report_status.html", {"progress": progress})
    return redirect("task-progress", key=progress.key)


@staff_only
def yearly_report_file(request, year: int, key: str):
    """The PDF a report task made: for the person who asked and staff who see all."""
    progress = progress_get_for_user(user=request.user, key=key)  # NotFound: 404
    name = report_file_name(year=year, key=progress.key)
    if progress.status != progress.Status.DONE or not default_storage.exists(name):
        raise Http404
    response = FileResponse(
        default_storage.open(name, "rb"),
        as_attachment=True,
        filename=_report_name(year),
        content_type="application/pdf",
    )
    return response


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
