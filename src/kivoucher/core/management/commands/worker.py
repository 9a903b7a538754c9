"""`kivoucher worker`: run the background tasks (kivoucher.core.worker)."""

import logging

from django.core.management.base import BaseCommand, CommandError
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.compat import DEFAULT_TASK_BACKEND_ALIAS, task_backends

from kivoucher.core.worker import PlatformWorker, worker_id_new


class Command(BaseCommand):
    help = (
        "Run the background tasks (mails, webhooks, daily jobs, long runs) from the "
        "database queue; run one or more next to `kivoucher serve`. Ctrl-C or SIGTERM "
        "finish the running task, then stop. Also enqueues the daily jobs once a day "
        "and puts back the tasks of killed workers."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--queue", default="default", help="Queues to work on, comma-separated; '*' for all."
        )
        parser.add_argument(
            "--interval", type=float, default=1.0, help="Seconds to wait when the queue is empty."
        )
        parser.add_argument(
            "--worker-id", default=None, help="Unique id (default: host-pid-random)."
        )
        parser.add_argument(
            "--max-tasks", type=int, default=None, help="Stop after this many tasks."
        )
        parser.add_argument(
            "--batch", action="store_true", help="Run what is due, then stop (no scheduler)."
        )
        parser.add_argument(
            "--no-scheduler",
            action="store_true",
            help="Do not run the periodic hooks and daily jobs (another worker does); "
            "tasks of killed workers are still put back.",
        )

    def handle(self, *args, **options):
        backend = task_backends[DEFAULT_TASK_BACKEND_ALIAS]
        if not isinstance(backend, DatabaseBackend):
            raise CommandError(
                "The task backend is not the database backend (KIVOUCHER_TASKS_BACKEND): "
                "tasks already run where they are enqueued, there is nothing to work on."
            )
        self._logging(options["verbosity"])
        worker = PlatformWorker(
            queue_names=options["queue"].split(","),
            interval=options["interval"],
            batch=options["batch"],
            max_tasks=options["max_tasks"],
            worker_id=(options["worker_id"] or worker_id_new())[:64],
            scheduler=not (options["batch"] or options["no_scheduler"]),
        )
        self.stdout.write(f"kivoucher worker {worker.worker_id}: waiting for tasks")
        worker.configure_signals()
        worker.run()

    def _logging(self, verbosity: int) -> None:
        level = {0: logging.ERROR, 1: logging.INFO}.get(verbosity, logging.DEBUG)
        for name in ("django_tasks", "django_tasks_db", "kivoucher.core"):
            log = logging.getLogger(name)
            log.setLevel(level)
            if not log.handlers:
                log.addHandler(logging.StreamHandler(self.stdout))
                log.propagate = False
