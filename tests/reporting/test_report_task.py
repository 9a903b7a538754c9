"""Issue 18, point 3: the yearly programme report is rendered by a worker; the
dashboard shows its progress and then a link to the PDF (kivoucher.reporting.tasks).
The old address /reporting/report/<year>.pdf still downloads it directly."""

import pytest
from django.test import override_settings
from django_tasks_db.models import DBTaskResult

from kivoucher.core.models import TaskProgress
from kivoucher.core.roles import Role

pytestmark = pytest.mark.django_db

DB_BACKEND = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
POLL = 'hx-trigger="every 2s"'
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def admin(user_factory):
    return user_factory(role=Role.PROGRAMME_ADMIN)


def _link(fragment: str) -> str:
    return fragment.split('<a href="')[1].split('"')[0]


def test_the_dashboard_starts_the_report_and_shows_the_link(client_for, admin, user_factory):
    staff = client_for(admin)
    dashboard = staff.get("/reporting/?state=BY").content.decode()
    assert 'hx-post="/reporting/report/' in dashboard and "?state=BY" in dashboard
    response = staff.post("/reporting/report/2026/?state=BY", HTTP_HX_REQUEST="true", **EN)
    assert response.status_code == 200
    fragment = response.content.decode()
    assert 'id="report-status"' in fragment and "The programme report 2026 is ready." in fragment
    assert POLL not in fragment  # the immediate backend ran it at once
    progress = TaskProgress.objects.get(user=admin)
    assert progress.status == TaskProgress.Status.DONE
    link = _link(fragment)
    assert link == f"/reporting/report/2026/{progress.key}.pdf" == progress.result_url
    pdf = staff.get(link)
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")
    assert "attachment" in pdf["Content-Disposition"] and "2026.pdf" in pdf["Content-Disposition"]
    # another year under the same key, or the key of nothing: 404
    assert staff.get(f"/reporting/report/2025/{progress.key}.pdf").status_code == 404
    assert staff.get("/reporting/report/2026/nothing.pdf").status_code == 404
    # staff who see everything read it too; a company member sees neither page nor file
    auditor = client_for(user_factory(role=Role.AUDITOR))
    assert auditor.get(link).status_code == 200
    applicant = client_for(user_factory(role=Role.APPLICANT))
    assert applicant.get(link).status_code == 404
    assert applicant.get(f"/tasks/{progress.key}/").status_code == 404
    assert applicant.post("/reporting/report/2026/").status_code == 404
    assert not TaskProgress.objects.filter(user__role=Role.APPLICANT).exists()


def test_without_javascript_the_progress_page_follows_it(client_for, admin):
    staff = client_for(admin)
    # the task writes its progress in the language it runs in (here: in the request)
    response = staff.post("/reporting/report/2026/", **EN)
    assert response.status_code == 302 and response.url.startswith("/tasks/")
    page = staff.get(response.url, **EN).content.decode()
    assert "The programme report 2026 is ready." in page and ".pdf" in page
    assert staff.get("/reporting/report/2026/").status_code == 405
    assert staff.post("/reporting/report/1066/").status_code == 404


def test_a_report_not_ready_yet_has_no_file(client_for, admin):
    staff = client_for(admin)
    with override_settings(TASKS=DB_BACKEND):
        response = staff.post("/reporting/report/2026/", HTTP_HX_REQUEST="true", **EN)
    fragment = response.content.decode()
    assert POLL in fragment and "Waiting for a worker" in fragment  # queued, not run
    [queued] = DBTaskResult.objects.filter(task_path="kivoucher.reporting.tasks.yearly_report_task")
    key = queued.args_kwargs["kwargs"]["progress_key"]
    assert staff.get(f"/reporting/report/2026/{key}.pdf").status_code == 404
    # what a worker does with it (kivoucher.core.worker runs exactly this)
    with override_settings(TASKS=DB_BACKEND):
        result = queued.task.call(**queued.args_kwargs["kwargs"])
    assert result["year"] == 2026 and result["bytes"] > 0
    polled = staff.get(f"/tasks/{key}/", HTTP_HX_REQUEST="true", **EN).content.decode()
    assert POLL not in polled and f"/reporting/report/2026/{key}.pdf" in polled
    assert staff.get(f"/reporting/report/2026/{key}.pdf").status_code == 200


def test_the_old_address_still_downloads_the_pdf(client_for, admin):
    response = client_for(admin).get("/reporting/report/2026.pdf")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
