"""Issue 18, point 3: the sacct upload of the data centre's page is imported by a
worker (kivoucher.compute.tasks); the page shows its progress and then the summary."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django_tasks_db.models import DBTaskResult

from kivoucher.compute.models import UsageRecord
from kivoucher.core.models import TaskProgress
from kivoucher.core.roles import Role
from tests.compute.factories import issue, make_data_centre, operator_of
from tests.compute.test_line2_pages import _sacct
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

DB_BACKEND = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
POLL = 'hx-trigger="every 2s"'
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
TASK = "kivoucher.compute.tasks.sacct_import_task"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _link(fragment: str) -> str:
    return fragment.split('<a href="')[1].split('"')[0].replace("&amp;", "&")


def _post(client, url, voucher, **extra):
    upload = SimpleUploadedFile("jobs.txt", _sacct(voucher.code), content_type="text/plain")
    return client.post(url, {"action": "sacct", "sacct-file": upload}, **extra)


def test_the_upload_runs_as_a_task_and_the_page_shows_its_summary(client_for, media):
    dc = make_data_centre("dc-task")
    voucher = issue(dc)
    operator = operator_of(dc)
    client = client_for(operator)
    url = f"/compute/data-centres/{dc.code}/"
    response = _post(client, url, voucher, HTTP_HX_REQUEST="true", **EN)
    assert response.status_code == 200
    fragment = response.content.decode()
    assert 'id="sacct-import"' in fragment and 'role="status"' in fragment
    assert "Imported: 1 accepted, 0 duplicates, 1 rejected, 1 skipped." in fragment
    progress = TaskProgress.objects.get(user=operator)
    assert progress.status == TaskProgress.Status.DONE
    assert _link(fragment) == progress.result_url == f"{url}?import={progress.key}#import-result"
    assert UsageRecord.objects.filter(data_centre=dc).count() == 1
    page = client.get(progress.result_url, **EN).content.decode()
    result = page.split('id="import-result"')[1].split("</section>")[0]
    assert "jobs.txt" in result and "4711" in result and "4712" not in result
    assert "The job has not finished yet" in result
    # the upload is gone from the storage; only the summary is kept
    assert [p.name for p in (media / "imports").iterdir()] == [f"sacct-result-{progress.key}.json"]
    # someone else's import: neither its progress nor its summary (404)
    other = client_for(UserFactory(role=Role.APPLICANT))
    assert other.get(f"/tasks/{progress.key}/").status_code == 404
    assert client_for(operator_of(make_data_centre("dc-other"))).get(
        f"{url}?import={progress.key}"
    ).status_code in (403, 404)
    staff = client_for(UserFactory(role=Role.CASEWORKER))
    assert 'id="import-result"' in staff.get(progress.result_url).content.decode()
    assert client.get(f"{url}?import=no-such-key").status_code == 404


def test_a_file_that_is_no_sacct_output_fails_with_the_reason(client_for):
    dc = make_data_centre("dc-bad")
    client = client_for(operator_of(dc))
    url = f"/compute/data-centres/{dc.code}/"
    bad = SimpleUploadedFile("x.txt", b"hello|world\n1|2\n")
    response = client.post(url, {"action": "sacct", "sacct-file": bad})
    assert response.status_code == 302 and response.url.startswith("/tasks/")
    progress = TaskProgress.objects.get(key=response.url.split("/")[2])
    assert progress.status == TaskProgress.Status.FAILED and progress.message
    page = client.get(response.url).content.decode()
    assert 'class="error"' in page and POLL not in page
    assert not UsageRecord.objects.filter(data_centre=dc).exists()


def test_the_import_waits_for_a_worker(client_for):
    dc = make_data_centre("dc-worker")
    voucher = issue(dc)
    client = client_for(operator_of(dc))
    url = f"/compute/data-centres/{dc.code}/"
    with override_settings(TASKS=DB_BACKEND):
        response = _post(client, url, voucher, HTTP_HX_REQUEST="true", **EN)
    fragment = response.content.decode()
    assert POLL in fragment and "Waiting for a worker" in fragment
    assert not UsageRecord.objects.filter(data_centre=dc).exists()  # not run in the request
    [queued] = DBTaskResult.objects.filter(task_path=TASK)
    kwargs = queued.args_kwargs["kwargs"]
    # what a worker does with it (kivoucher.core.worker runs exactly this)
    with override_settings(TASKS=DB_BACKEND):
        result = queued.task.call(**kwargs)
    assert UsageRecord.objects.filter(data_centre=dc).count() == 1
    assert result == {"batch": dc.batches.get().pk}
    polled = client.get(f"/tasks/{kwargs['progress_key']}/", HTTP_HX_REQUEST="true", **EN)
    assert POLL not in polled.content.decode() and "Imported: 1 accepted" in polled.content.decode()
    # run again after a kill: the upload is gone, nothing is booked twice
    with override_settings(TASKS=DB_BACKEND):
        assert queued.task.call(**kwargs) == {"error": "gone"}
    assert UsageRecord.objects.filter(data_centre=dc).count() == 1
    progress = TaskProgress.objects.get(key=kwargs["progress_key"])
    assert progress.status == TaskProgress.Status.DONE  # and its result stays shown
