"""Background work of reporting (django-tasks): the yearly programme report as PDF,
rendered by a worker while the staff member who asked for it sees its progress
(kivoucher.core.progress) and then a download link.

The finished PDF lies in the media storage under `reports/<year>-<progress key>.pdf`
and is served only by `reporting.views.yearly_report_file`, to the person who asked
for it and to staff who see everything (the same rule as the progress record).
Run again after its worker was killed, the task renders and stores the same file
once more: it changes nothing else."""

from datetime import date

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from kivoucher.core.progress import progress_fail, progress_finish, progress_update
from kivoucher.reporting.dashboard import dashboard_build
from kivoucher.reporting.exports import report_pdf
from kivoucher.reporting.filters import ReportFilter, report_filter_from


def yearly_report_render(*, year: int, params) -> bytes:
    """The programme report of `year` as PDF, with the dashboard's filters in `params`
    (a QueryDict) narrowed to that year."""
    _form, base = report_filter_from(params)
    report_filter = ReportFilter(
        programme_id=base.programme_id,
        call_id=base.call_id,
        state=base.state,
        date_from=date(year, 1, 1),
        date_to=date(year, 12, 31),
    )
    outcomes = dashboard_build(report_filter=report_filter)
    return report_pdf(
        context={
            "year": year,
            "outcomes": outcomes,
            "filters_described": report_filter.describe(),
            "generated_at": timezone.now(),
        }
    )


def report_file_name(*, year: int, key: str) -> str:
    return f"reports/{year}-{key}.pdf"


@task()
def yearly_report_task(*, year: int, query: str, progress_key: str, language: str):
    with translation.override(language):
        progress_update(progress_key, done=0, total=2, message=_("Collecting the figures …"))
        try:
            pdf = yearly_report_render(year=year, params=QueryDict(query))
            progress_update(progress_key, done=1, total=2, message=_("Storing the PDF …"))
            name = report_file_name(year=year, key=progress_key)
            if default_storage.exists(name):  # run again after a kill
                default_storage.delete(name)
            default_storage.save(name, ContentFile(pdf))
        except Exception:
            progress_fail(progress_key, message=_("The report could not be made."))
            raise
        progress_finish(
            progress_key,
            message=_("The programme report %(year)s is ready.") % {"year": year},
            result_url=reverse("reporting-report-file", args=[year, progress_key]),
        )
        return {"year": year, "bytes": len(pdf)}
