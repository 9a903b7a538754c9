"""Issue 18, point 3: a real worker. `kivoucher worker` runs the django-tasks
database queue; a task whose worker is killed (SIGKILL) runs again on another worker
and does its work once; the daily jobs are enqueued once per day however many
workers run; periodic hooks run in the worker.

The worker subprocess works on the test database: on PostgreSQL the one
pytest-django created, on SQLite (in memory there) a copy in a file."""

import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
import uuid
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.db import connection, transaction
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from kivoucher.core import schedule
from kivoucher.core.mail import mail_send
from kivoucher.core.models import OutgoingMail, ScheduledRun, WorkerHeartbeat
from kivoucher.core.worker import MAX_ATTEMPTS, PlatformWorker, tasks_recover_orphaned
from tests.core.test_mail import SmtpServer, free_port
from tests.core.worker_tasks import blocking_task, lines, record_task

ROOT = Path(__file__).resolve().parents[2]
DB_BACKEND = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def wait_for(predicate, what: str, *, timeout: float = 90, process=None, log=None):
    """Poll until `predicate()` holds; fail after `timeout` seconds (no fixed sleeps)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        if process is not None and process.poll() is not None:
            output = Path(log).read_text() if log else ""
            raise AssertionError(f"worker exited ({process.returncode}) before {what}:\n{output}")
        time.sleep(0.05)
    output = Path(log).read_text() if log else ""
    raise AssertionError(f"timed out waiting for {what}\n{output}")


class WorkerDatabase:
    """The database a worker subprocess uses, and the task rows as it sees them."""

    def __init__(self, folder: Path):
        if settings.IS_POSTGRES:
            from tests.reliability.server import database_url

            self.url = database_url()
            self.file = None
        else:
            self.file = folder / "worker.sqlite3"
            copy = sqlite3.connect(self.file)
            connection.ensure_connection()
            connection.connection.backup(copy)
            copy.close()
            self.url = f"sqlite:///{self.file}"

    def task(self, task_id: str) -> tuple[str, list[str]]:
        """(status, worker ids) of a task."""
        if self.file is None:
            row = DBTaskResult.objects.get(pk=task_id)
            return row.status, list(row.worker_ids)
        import json

        with sqlite3.connect(self.file, timeout=20) as db:
            status, workers = db.execute(
                f"SELECT status, worker_ids FROM {DBTaskResult._meta.db_table} WHERE id = ?",
                [uuid.UUID(task_id).hex],
            ).fetchone()
        return status, json.loads(workers)


def worker_start(
    db: WorkerDatabase, folder: Path, name: str, **extra_env: str
) -> tuple[subprocess.Popen, Path]:
    log = folder / f"{name}.log"
    env = {
        **os.environ,
        "DATABASE_URL": db.url,
        "DJANGO_SETTINGS_MODULE": "kivoucher.settings",
        "KIVOUCHER_DEBUG": "1",
        "KIVOUCHER_DATA_DIR": str(folder),
        "KIVOUCHER_TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "KIVOUCHER_WORKER_HEARTBEAT_SECONDS": "0.2",
        "KIVOUCHER_WORKER_STALE_SECONDS": "2",
        "PYTHONPATH": f"{ROOT}{os.pathsep}{ROOT / 'src'}",
        **extra_env,
    }
    with log.open("w") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "kivoucher", "worker", "--no-scheduler", "--interval", "0.1"]
            + ["--worker-id", name],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    return process, log


def worker_stop(process: subprocess.Popen, sig=signal.SIGTERM) -> None:
    if process.poll() is None:
        os.killpg(process.pid, sig)
    process.wait(30)


@pytest.mark.django_db(transaction=True)
def test_a_task_killed_with_its_worker_runs_again_and_works_once(tmp_path):
    with override_settings(TASKS=DB_BACKEND):
        result = blocking_task.enqueue(folder=str(tmp_path))
    db = WorkerDatabase(tmp_path)
    first, first_log = worker_start(db, tmp_path, "first")
    try:
        wait_for(
            lambda: lines(tmp_path / "starts") == ["start"],
            "the first worker to start the task",
            process=first,
            log=first_log,
        )
        worker_stop(first, signal.SIGKILL)  # mid-task, like a power cut
    finally:
        worker_stop(first, signal.SIGKILL)
    status, workers = db.task(result.id)
    assert (status, workers) == ("RUNNING", ["first"])  # left behind by the dead worker
    (tmp_path / "release").write_text("go")
    second, second_log = worker_start(db, tmp_path, "second")
    try:
        wait_for(
            lambda: db.task(result.id)[0] == "SUCCESSFUL",
            "the second worker to finish the task",
            process=second,
            log=second_log,
        )
    finally:
        worker_stop(second)
    assert db.task(result.id) == ("SUCCESSFUL", ["first", "second"])
    assert lines(tmp_path / "starts") == ["start", "start"]  # run again ...
    assert lines(tmp_path / "effects") == ["work"]  # ... its work done once


@pytest.mark.django_db(transaction=True)
def test_a_worker_sends_a_queued_mail_through_smtp(tmp_path):
    """The request only stores the mail; the worker process sends it by SMTP."""
    port = free_port()
    with override_settings(TASKS=DB_BACKEND), SmtpServer(port) as smtp:
        with transaction.atomic():
            stored = mail_send(subject="Über den Worker", body="Hallo", to=["w@example.org"])
        [task_id] = DBTaskResult.objects.values_list("pk", flat=True)
        db = WorkerDatabase(tmp_path)
        assert smtp.messages == []  # nothing sent without a worker
        worker, log = worker_start(
            db,
            tmp_path,
            "mailer",
            KIVOUCHER_EMAIL_HOST="127.0.0.1",
            KIVOUCHER_EMAIL_PORT=str(port),
            KIVOUCHER_EMAIL_TLS="0",
        )
        try:
            wait_for(
                lambda: db.task(str(task_id))[0] == "SUCCESSFUL",
                "the worker to send the mail",
                process=worker,
                log=log,
            )
        finally:
            worker_stop(worker)
    [message] = smtp.messages
    assert message["Subject"] == "Über den Worker"
    assert message["X-Envelope-To"] == "w@example.org"
    if db.file is None:
        assert OutgoingMail.objects.get(pk=stored.pk).status == OutgoingMail.Status.SENT


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_worker_runs_queued_tasks_mails_and_periodic_hooks(tmp_path, monkeypatch):
    calls = []
    monkeypatch.setattr(schedule, "PERIODIC", {})
    _test_jobs(monkeypatch, [])  # no real daily jobs in this queue
    monkeypatch.setattr(schedule, "DAILY", {})
    schedule.every(0.05, "test.hook")(lambda: calls.append(1))
    with override_settings(TASKS=DB_BACKEND, WORKER_HEARTBEAT_SECONDS=0.1):
        result = record_task.enqueue(folder=str(tmp_path), value="one")
        with transaction.atomic():
            stored = mail_send(subject="Aus der Warteschlange", body="x", to=["q@example.org"])
        assert mail.outbox == []  # queued, not sent by the request
        worker = PlatformWorker(worker_id="thread-worker", interval=0.05)
        thread = threading.Thread(target=worker.run)
        thread.start()
        try:
            wait_for(
                lambda: DBTaskResult.objects.successful().count() == 2 and len(calls) >= 2,
                "the task, the mail and the hook",
            )
            assert WorkerHeartbeat.objects.filter(worker_id="thread-worker").exists()
        finally:
            worker.stop()
            thread.join(30)
    assert not thread.is_alive()
    assert lines(tmp_path / "effects") == ["one"]
    assert DBTaskResult.objects.get(pk=result.id).return_value == "one"
    assert [m.subject for m in mail.outbox] == ["Aus der Warteschlange"]
    assert OutgoingMail.objects.get(pk=stored.pk).status == OutgoingMail.Status.SENT
    assert not WorkerHeartbeat.objects.exists()  # a stopped worker says goodbye


def _task_row(*, workers: list[str], started_minutes_ago: float) -> DBTaskResult:
    now = timezone.now()
    return DBTaskResult.objects.create(
        status="RUNNING",
        args_kwargs={"args": [], "kwargs": {"folder": "/nonexistent", "value": "x"}},
        task_path="tests.core.worker_tasks.record_task",
        backend_name="default",
        run_after=datetime(9999, 1, 1, tzinfo=timezone.get_current_timezone()),
        started_at=now - timedelta(minutes=started_minutes_ago),
        worker_ids=workers,
    )


@pytest.mark.django_db
def test_recovery_requeues_tasks_of_dead_workers_only():
    now = timezone.now()
    WorkerHeartbeat.objects.create(worker_id="alive", started_at=now, seen_at=now)
    WorkerHeartbeat.objects.create(
        worker_id="dead", started_at=now, seen_at=now - timedelta(minutes=5)
    )
    WorkerHeartbeat.objects.create(
        worker_id="long-gone", started_at=now, seen_at=now - timedelta(days=2)
    )
    busy = _task_row(workers=["alive"], started_minutes_ago=30)
    orphan = _task_row(workers=["dead"], started_minutes_ago=30)
    fresh = _task_row(workers=["dead"], started_minutes_ago=0)  # just claimed
    cursed = _task_row(workers=[f"w{i}" for i in range(MAX_ATTEMPTS)], started_minutes_ago=30)
    out = tasks_recover_orphaned(now=now)
    assert out == {"requeued": [str(orphan.pk)], "failed": [str(cursed.pk)]}
    statuses = dict(DBTaskResult.objects.values_list("pk", "status"))
    assert statuses[busy.pk] == "RUNNING" and statuses[fresh.pk] == "RUNNING"
    assert statuses[orphan.pk] == "READY" and statuses[cursed.pk] == "FAILED"
    assert "WorkerLost" in DBTaskResult.objects.get(pk=cursed.pk).traceback
    assert not WorkerHeartbeat.objects.filter(worker_id="long-gone").exists()
    assert tasks_recover_orphaned(now=now) == {"requeued": [], "failed": []}  # idempotent


def _test_jobs(monkeypatch, ran: list[str]):
    jobs = {"job-a": lambda: ran.append("a"), "job-b": lambda: ran.append("b")}
    monkeypatch.setattr(schedule, "DAILY", jobs)
    monkeypatch.setattr(schedule, "_discovered", True)


@pytest.mark.django_db
def test_daily_jobs_are_enqueued_once_a_day_after_their_time(monkeypatch):
    ran: list[str] = []
    _test_jobs(monkeypatch, ran)
    tz = timezone.get_current_timezone()
    early = datetime(2026, 3, 2, 1, 0, tzinfo=tz)
    with override_settings(TASKS=DB_BACKEND, DAILY_JOBS_AT="02:00"):
        assert schedule.daily_enqueue(now=early) == []  # before 02:00
        assert schedule.daily_enqueue(now=early + timedelta(hours=2)) == ["job-a", "job-b"]
        assert schedule.daily_enqueue(now=early + timedelta(hours=5)) == []
        assert schedule.daily_enqueue(now=early + timedelta(days=1, hours=2)) == [
            "job-a",
            "job-b",
        ]
    assert ran == []  # enqueued, run by a worker
    assert ScheduledRun.objects.count() == 4
    task_ids = set(ScheduledRun.objects.values_list("task_id", flat=True))
    assert DBTaskResult.objects.filter(pk__in=task_ids).count() == 4
    # The task runs the registered job by its name.
    assert schedule.scheduled_job_run("job-a") is None and ran == ["a"]
    with pytest.raises(LookupError):
        schedule.scheduled_job_run("no-such-job")


@pytest.mark.django_db
def test_the_daily_commands_are_jobs_of_the_worker():
    schedule.autodiscover()
    assert {"expire-vouchers", "verify-gaiax", "anonymise-personal-data"} <= set(schedule.DAILY)
    assert "vouchers_expired" in schedule.scheduled_job_run("expire-vouchers")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_workers_enqueue_each_daily_job_once(monkeypatch):
    _test_jobs(monkeypatch, [])
    now = timezone.now().replace(hour=12)
    barrier = threading.Barrier(4)
    enqueued: list[list[str]] = []
    errors: list[BaseException] = []

    def worker_tick():
        try:
            barrier.wait()
            enqueued.append(schedule.daily_enqueue(now=now))
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    with override_settings(TASKS=DB_BACKEND):
        threads = [threading.Thread(target=worker_tick) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
    assert errors == []
    assert sorted(name for names in enqueued for name in names) == ["job-a", "job-b"]
    assert ScheduledRun.objects.count() == 2
    assert (
        DBTaskResult.objects.filter(task_path="kivoucher.core.tasks.scheduled_job_task").count()
        == 2
    )
