"""Issue 18, point 3: a long job runs in the worker and its progress is visible where
the person who started it waits (kivoucher.core.progress, polled with htmx)."""

import pytest
from django.test import override_settings
from django_tasks_db.models import DBTaskResult

from kivoucher.core.models import TaskProgress
from kivoucher.core.progress import (
    progress_fail,
    progress_finish,
    progress_start,
    progress_update,
)
from kivoucher.core.roles import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

DB_BACKEND = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
POLL = 'hx-trigger="every 2s"'


def fragment(client, key):
    response = client.get(f"/tasks/{key}/", HTTP_HX_REQUEST="true", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    return response.content.decode()


def test_the_fragment_polls_until_the_task_is_done(client_for):
    person = UserFactory(role=Role.APPLICANT)
    client = client_for(person)
    progress = progress_start(user=person)
    page = fragment(client, progress.key)
    assert POLL in page and "Waiting for a worker" in page and 'role="status"' in page
    progress_update(progress.key, done=3, total=10, message="Reading line 3")
    page = fragment(client, progress.key)
    assert POLL in page and "Reading line 3" in page
    assert '<progress max="10" value="3"' in page and "3 of 10" in page
    progress_finish(progress.key, message="Import done.", result_url="/compute/")
    page = fragment(client, progress.key)
    assert POLL not in page and "Import done." in page and 'href="/compute/"' in page
    progress_update(progress.key, done=4, message="late")  # a finished task stays finished
    assert TaskProgress.objects.get(key=progress.key).status == TaskProgress.Status.DONE
    # without JavaScript: a whole page with the same state
    full = client.get(f"/tasks/{progress.key}/")
    assert full.status_code == 200 and "<html" in full.content.decode()


def test_a_failed_task_says_so_and_stops_polling(client_for):
    person = UserFactory(role=Role.APPLICANT)
    progress = progress_start(user=person)
    progress_fail(progress.key, message="The file has no header line.")
    page = fragment(client_for(person), progress.key)
    assert POLL not in page and "The file has no header line." in page


def test_only_the_starter_and_staff_see_a_task(client_for, client):
    person = UserFactory(role=Role.APPLICANT)
    progress = progress_start(user=person, message="x")
    assert client_for(person).get(f"/tasks/{progress.key}/").status_code == 200
    assert (
        client_for(UserFactory(role=Role.APPLICANT)).get(f"/tasks/{progress.key}/").status_code
        == 404
    )
    assert (
        client_for(UserFactory(role=Role.AUDITOR)).get(f"/tasks/{progress.key}/").status_code == 200
    )
    assert client.get(f"/tasks/{progress.key}/").status_code == 302  # sign in first
    assert client_for(person).get("/tasks/no-such-key/").status_code == 404


def test_the_allocation_run_goes_to_the_worker_and_the_page_follows_it(client_for):
    from kivoucher.core.management.commands.demo import load_demo
    from kivoucher.presale.models import AllocationRun

    demo = load_demo()
    staff = client_for(demo["caseworker"])
    runs_before = AllocationRun.objects.count()
    with override_settings(TASKS=DB_BACKEND):
        response = staff.post(
            "/presale/ki-rz-pilot/allocate/", HTTP_HX_REQUEST="true", HTTP_ACCEPT_LANGUAGE="en"
        )
    page = response.content.decode()
    assert response.status_code == 200 and 'id="run-result"' in page
    assert POLL in page and "Waiting for a worker" in page  # queued, not run in the request
    assert AllocationRun.objects.count() == runs_before
    [queued] = DBTaskResult.objects.filter(task_path="kivoucher.presale.tasks.allocation_run_task")
    progress = TaskProgress.objects.get(key=queued.args_kwargs["kwargs"]["progress_key"])
    assert progress.user == demo["caseworker"]
    # what a worker does with it (kivoucher.core.worker runs exactly this)
    with override_settings(TASKS=DB_BACKEND):
        result = queued.task.call(**queued.args_kwargs["kwargs"])
    assert AllocationRun.objects.count() == runs_before + 1
    assert result == {"run": AllocationRun.objects.latest("pk").pk}
    page = fragment(staff, progress.key)
    assert POLL not in page and "Allocation done:" in page
    assert 'href="/presale/ki-rz-pilot/staff/"' in page
    # The auditor reads the order book but starts no run: nothing is queued.
    auditor = client_for(demo["auditor"])
    with override_settings(TASKS=DB_BACKEND):
        assert auditor.post("/presale/ki-rz-pilot/allocate/").status_code == 403
    assert DBTaskResult.objects.count() == 1
