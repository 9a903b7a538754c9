"""`kivoucher worker`: django-tasks-db's worker loop plus what a production queue
needs around it.

- The loop itself is `django_tasks_db`'s `Worker` (claim a READY task with
  `select_for_update(skip_locked=True)`, run it, store its result), unchanged, in
  the main thread (it owns the signals: Ctrl-C or SIGTERM finish the running task,
  then stop).
- A heartbeat thread renews this worker's `WorkerHeartbeat` row every
  `WORKER_HEARTBEAT_SECONDS`, also while a long task runs.
- A scheduler thread every few seconds puts orphaned tasks back in the queue
  (`tasks_recover_orphaned`) and, unless `scheduler=False` (`--no-scheduler`),
  calls the periodic hooks and enqueues the daily jobs (kivoucher.core.schedule).

A killed worker (SIGKILL, power cut, OOM) leaves its task RUNNING for ever in
django-tasks-db, which has no notion of a dead worker. Here a RUNNING task whose
last worker has not been heard of for `WORKER_STALE_SECONDS` is set READY again and
runs on the next free worker. After `MAX_ATTEMPTS` such losses it is marked FAILED
instead (a task that kills its worker every time must not loop for ever).

So a task runs at least once, and may run again after a kill: the platform's tasks
are written to be run again without doing anything twice. The mail task takes its
mail with a lease and marks it sent (kivoucher.core.mail, which names the one
narrow window in which a mail may leave twice); the daily jobs change only rows
still in the old state (conditional UPDATEs: an expired voucher is not expired
again, a reminder is sent once) and audit what they change; webhook deliveries
carry their idempotency id.

Run `kivoucher worker`, not django-tasks-db's `db_worker`, next to this platform:
a `db_worker` writes no heartbeat, so its long tasks would count as orphaned.

On SQLite a task that holds a write transaction longer than WORKER_STALE_SECONDS
blocks its own heartbeat (one writer at a time) and may be run a second time by
another worker; PostgreSQL, the production engine, has no such limit.
"""

import logging
import os
import socket
import threading
import time
from datetime import timedelta

from django.conf import settings
from django.db import close_old_connections, connections
from django.utils import timezone
from django.utils.crypto import get_random_string
from django_tasks_db.compat import DEFAULT_TASK_BACKEND_ALIAS, DEFAULT_TASK_QUEUE_NAME
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from kivoucher.core import schedule
from kivoucher.core.models import WorkerHeartbeat

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
# Heartbeats of workers gone this long are deleted.
HEARTBEAT_FORGET = timedelta(days=1)
# How often the scheduler thread looks at its clock, and enqueues daily jobs.
TICK_SECONDS = 1.0
DAILY_CHECK_SECONDS = 30.0


class WorkerLost(Exception):
    """A task's worker died under it too often (recorded as the task's error)."""


def worker_id_new() -> str:
    host = socket.gethostname()[:40]
    return f"{host}-{os.getpid()}-{get_random_string(8)}"


def _stale() -> timedelta:
    return timedelta(seconds=settings.WORKER_STALE_SECONDS)


def heartbeat_beat(worker_id: str) -> None:
    now = timezone.now()
    if not WorkerHeartbeat.objects.filter(worker_id=worker_id).update(seen_at=now):
        WorkerHeartbeat.objects.update_or_create(
            worker_id=worker_id,
            defaults={
                "hostname": socket.gethostname()[:255],
                "pid": os.getpid(),
                "started_at": now,
                "seen_at": now,
            },
        )


def tasks_recover_orphaned(*, now=None) -> dict[str, list[str]]:
    """Put RUNNING tasks of workers silent for WORKER_STALE_SECONDS back in the
    queue (or fail them after MAX_ATTEMPTS); returns the ids of both kinds.

    Safe to run in any number of workers at once: each change is a conditional
    UPDATE on (id, status RUNNING, started_at), so a task another worker has taken
    meanwhile is left alone."""
    from django_tasks_db.compat import TaskResultStatus

    now = now or timezone.now()
    threshold = now - _stale()
    alive = set(
        WorkerHeartbeat.objects.filter(seen_at__gte=threshold).values_list("worker_id", flat=True)
    )
    out: dict[str, list[str]] = {"requeued": [], "failed": []}
    running = DBTaskResult.objects.running().filter(started_at__lt=threshold)
    for row in running.only("id", "worker_ids", "started_at", "task_path"):
        last = row.worker_ids[-1] if row.worker_ids else ""
        if last in alive:
            continue
        same = DBTaskResult.objects.filter(
            pk=row.pk, status=TaskResultStatus.RUNNING, started_at=row.started_at
        )
        if len(row.worker_ids) >= MAX_ATTEMPTS:
            changed = same.update(
                status=TaskResultStatus.FAILED,
                finished_at=now,
                return_value=None,
                exception_class_path=f"{__name__}.WorkerLost",
                traceback=f"WorkerLost: its worker died {len(row.worker_ids)} times "
                f"while running it (last: {last}).\n",
            )
            kind = "failed"
        else:
            changed = same.update(status=TaskResultStatus.READY, started_at=None)
            kind = "requeued"
        if changed:
            out[kind].append(str(row.pk))
            logger.warning("task %s (%s) of lost worker %s: %s", row.pk, row.task_path, last, kind)
    WorkerHeartbeat.objects.filter(seen_at__lt=now - HEARTBEAT_FORGET).delete()
    return out


class _Clock:
    """Calls `func` at most every `seconds` (monotonic)."""

    def __init__(self, seconds: float, func, *, now: float):
        self.seconds = seconds
        self.func = func
        self.next = now

    def maybe(self, now: float) -> None:
        if now < self.next:
            return
        self.next = now + self.seconds
        self.func()


class PlatformWorker(Worker):
    """django-tasks-db's Worker with heartbeat, recovery and the scheduler."""

    def __init__(self, *, scheduler: bool = True, **kwargs):
        kwargs.setdefault("queue_names", [DEFAULT_TASK_QUEUE_NAME])
        kwargs.setdefault("interval", 1.0)
        kwargs.setdefault("batch", False)
        kwargs.setdefault("backend_name", DEFAULT_TASK_BACKEND_ALIAS)
        kwargs.setdefault("startup_delay", False)
        kwargs.setdefault("max_tasks", None)
        kwargs.setdefault("worker_id", worker_id_new())
        kwargs.setdefault("excluded_queue_names", [])
        super().__init__(**kwargs)
        self.scheduler = scheduler
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []

    def stop(self) -> None:
        """Finish the running task, then leave `run` (from another thread)."""
        self.running = False
        self._stop.set()

    def run(self) -> None:
        heartbeat_beat(self.worker_id)
        tasks_recover_orphaned()
        schedule.autodiscover()
        self._thread(self._heartbeat_loop, "heartbeat")
        self._thread(self._scheduler_loop, "scheduler")
        try:
            super().run()
        finally:
            self._stop.set()
            for thread in self._threads:
                thread.join(timeout=10)
            try:
                WorkerHeartbeat.objects.filter(worker_id=self.worker_id).delete()
            except Exception:  # the database is gone: the row goes stale instead
                logger.exception("could not remove the heartbeat of %s", self.worker_id)
            if threading.current_thread() is not threading.main_thread():
                connections.close_all()  # a worker run in a thread (tests) leaves none open

    def _thread(self, target, name: str) -> None:
        thread = threading.Thread(target=target, name=f"kivoucher-{name}", daemon=True)
        thread.start()
        self._threads.append(thread)

    def _heartbeat_loop(self) -> None:
        try:
            while not self._stop.wait(settings.WORKER_HEARTBEAT_SECONDS):
                try:
                    close_old_connections()
                    heartbeat_beat(self.worker_id)
                except Exception:
                    logger.exception("heartbeat of %s failed", self.worker_id)
        finally:
            connections.close_all()

    def _scheduler_loop(self) -> None:
        start = time.monotonic()
        recover_every = max(1.0, settings.WORKER_STALE_SECONDS / 2)
        clocks = [_Clock(recover_every, tasks_recover_orphaned, now=start + recover_every)]
        if self.scheduler:
            clocks.append(_Clock(DAILY_CHECK_SECONDS, schedule.daily_enqueue, now=start))
            clocks += [
                _Clock(hook.seconds, hook.func, now=start) for hook in schedule.PERIODIC.values()
            ]
        try:
            while not self._stop.is_set():
                for clock in clocks:
                    if self._stop.is_set():
                        break
                    try:
                        close_old_connections()
                        clock.maybe(time.monotonic())
                    except Exception:
                        logger.exception("scheduled %s failed", getattr(clock.func, "__name__", ""))
                self._stop.wait(TICK_SECONDS)
        finally:
            connections.close_all()


def worker_run(**kwargs) -> PlatformWorker:
    """Build and run a worker in this thread until it stops; returns it."""
    worker = PlatformWorker(**kwargs)
    worker.run()
    return worker
