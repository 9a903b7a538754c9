"""Issue 18, point 3: the camt.053 upload of the bank statements page is imported by
a worker (kivoucher.payments.tasks); the page shows its progress and then the results
table. The JSON API (/api/v1/payments/bank-statements) stays synchronous."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django_tasks_db.models import DBTaskResult

from kivoucher.core.models import TaskProgress
from kivoucher.payments.models import Payout
from kivoucher.payments.services import sepa_batch_create
from tests.payments.camt_writer import bookings_of_pain001, camt053
from tests.payments.test_statements import _exported
from tests.payments.world import payout_world

pytestmark = pytest.mark.django_db

DB_BACKEND = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
POLL = 'hx-trigger="every 2s"'
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
URL = "/payments/bank-statements/"
TASK = "kivoucher.payments.tasks.bank_statement_import_task"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def world():
    w = payout_world()
    _exported(w, 2)
    batch = sepa_batch_create(actor=w.admin)
    w.statement = camt053(bookings_of_pain001(batch.xml), message_id="STMT-TASK")
    return w


def _upload(w):
    return {"statement": SimpleUploadedFile("camt.xml", w.statement, "application/xml")}


def _link(fragment: str) -> str:
    return fragment.split('<a href="')[1].split('"')[0]


def _paid() -> int:
    return Payout.objects.filter(status="paid").count()


def test_the_upload_runs_as_a_task_and_the_page_shows_the_results(client_for, world, media):
    staff = client_for(world.caseworker)
    page = staff.get(URL).content.decode()
    assert 'id="statement-import"' in page and 'hx-post="/payments/bank-statements/"' in page
    response = staff.post(URL, _upload(world), HTTP_HX_REQUEST="true", **EN)
    assert response.status_code == 200
    fragment = response.content.decode()
    assert 'id="statement-import"' in fragment and 'role="status"' in fragment
    assert "Statement imported: 2 transactions, 2 matched, 0 unknown." in fragment
    progress = TaskProgress.objects.get(user=world.caseworker)
    assert progress.status == TaskProgress.Status.DONE and progress.done == progress.total == 2
    assert _link(fragment) == progress.result_url == f"{URL}?import={progress.key}#report"
    assert _paid() == 2
    shown = staff.get(progress.result_url, **EN).content.decode()
    table = shown.split('id="report"')[1].split("</table>")[0]
    assert "STMT-TASK" in shown and table.count("<td>matched</td>") == 2
    assert "100,50 €" in table or "100.50 €" in table
    assert [p.name for p in (media / "imports").iterdir()] == [
        f"camt-report-{progress.key}.json"
    ]  # the upload itself is gone
    # a company member sees neither the progress nor the results
    member = client_for(world.members[0])
    assert member.get(f"/tasks/{progress.key}/").status_code == 404
    assert member.get(progress.result_url).status_code == 403  # the page is staff's
    assert member.post(URL, _upload(world)).status_code == 403
    assert TaskProgress.objects.count() == 1
    assert staff.get(f"{URL}?import=no-such-key").status_code == 404


def test_without_javascript_the_progress_page_follows_it(client_for, world):
    staff = client_for(world.caseworker)
    # the task writes its progress in the language it runs in (here: in the request)
    response = staff.post(URL, _upload(world), **EN)
    assert response.status_code == 302 and response.url.startswith("/tasks/")
    page = staff.get(response.url, **EN).content.decode()
    assert "Statement imported: 2 transactions" in page
    broken = staff.post(URL, {"statement": SimpleUploadedFile("x.xml", b"<x/>")}, follow=True)
    assert 'class="error"' in broken.content.decode()  # the task failed and says why
    assert TaskProgress.objects.filter(status=TaskProgress.Status.FAILED).count() == 1


def test_the_import_waits_for_a_worker(client_for, world):
    staff = client_for(world.caseworker)
    with override_settings(TASKS=DB_BACKEND):
        response = staff.post(URL, _upload(world), HTTP_HX_REQUEST="true", **EN)
    fragment = response.content.decode()
    assert POLL in fragment and "Waiting for a worker" in fragment
    assert _paid() == 0  # not run in the request
    [queued] = DBTaskResult.objects.filter(task_path=TASK)
    kwargs = queued.args_kwargs["kwargs"]
    # what a worker does with it (kivoucher.core.worker runs exactly this)
    with override_settings(TASKS=DB_BACKEND):
        assert queued.task.call(**kwargs) == {"entries": 2}
    assert _paid() == 2
    polled = staff.get(f"/tasks/{kwargs['progress_key']}/", HTTP_HX_REQUEST="true", **EN)
    assert POLL not in polled.content.decode()
    assert "Statement imported" in polled.content.decode()
    # run again after a kill: the upload is gone, nothing changes, the result stays
    with override_settings(TASKS=DB_BACKEND):
        assert queued.task.call(**kwargs) == {"error": "gone"}
    progress = TaskProgress.objects.get(key=kwargs["progress_key"])
    assert progress.status == TaskProgress.Status.DONE
