"""What the worker (`kivoucher worker`) runs by the clock, besides the queue.

Two registries, filled by the apps themselves (core imports no app):

- `every(seconds, name)`: a periodic hook, a function without arguments that the
  worker calls in its scheduler thread every `seconds` (at most that often; a slow
  hook delays the next ones). Every worker runs the hooks, so a hook must be safe
  when two workers call it at once (take rows with `select_for_update(skip_locked=
  True)` or a conditional UPDATE). Example, in `kivoucher/webhooks/schedule.py`:

      from kivoucher.core.schedule import every
      from kivoucher.webhooks.delivery import deliveries_send_due

      every(5, "webhooks.deliveries")(deliveries_send_due)

- `daily(name)`: a daily job, a function without arguments. Once a day, after
  `KIVOUCHER_DAILY_JOBS_AT` (local time, default 02:00), the worker enqueues the task
  `kivoucher.core.tasks.scheduled_job_task(name=...)`, which runs it on any worker.
  A `ScheduledRun` row with a unique (name, day) is written in the same transaction
  as the task, so however many workers run, each job is enqueued once per day. A
  worker that starts late in the day still enqueues the day's jobs.

The management commands in `settings.DAILY_COMMANDS` (`expire_vouchers`,
`verify_gaiax`, `anonymise_personal_data`) are daily jobs of their own name, with
dashes (`expire-vouchers`): the composition root names them, so core needs to know
no app. Without a worker, the same jobs run from cron (see README, "Background
work").

The registries are filled by `autodiscover()`, which imports `<app>.schedule` of
every installed app (like the admin's `admin.py`); the worker calls it at start and
the daily-job task before it looks a job up, so a module registered there is known
in every worker process.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time

from django.apps import apps
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.module_loading import module_has_submodule

from kivoucher.core.models import ScheduledRun

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Periodic:
    name: str
    seconds: float
    func: Callable[[], object]


PERIODIC: dict[str, Periodic] = {}
DAILY: dict[str, Callable[[], object]] = {}
_discovered = False


def every(seconds: float, name: str):
    """Register a function to be called every `seconds` by each running worker."""

    def register(func):
        PERIODIC[name] = Periodic(name=name, seconds=float(seconds), func=func)
        return func

    return register


def daily(name: str):
    """Register a function as the daily job `name` (enqueued once a day)."""

    def register(func):
        DAILY[name] = func
        return func

    return register


def _command_job(command: str) -> Callable[[], str]:
    def run() -> str:
        from io import StringIO

        from django.core.management import call_command

        out = StringIO()
        call_command(command, stdout=out)
        return out.getvalue()

    run.__name__ = f"command_{command}"
    return run


def autodiscover() -> None:
    """Import `<app>.schedule` of every installed app and register the daily commands."""
    global _discovered
    if _discovered:
        return
    from importlib import import_module

    for config in apps.get_app_configs():
        if module_has_submodule(config.module, "schedule"):
            import_module(f"{config.name}.schedule")
    for command in getattr(settings, "DAILY_COMMANDS", ()):
        DAILY.setdefault(command.replace("_", "-"), _command_job(command))
    _discovered = True


def daily_time() -> time:
    hours, _, minutes = str(getattr(settings, "DAILY_JOBS_AT", "02:00")).partition(":")
    return time(int(hours), int(minutes or 0))


def daily_due_day(now: datetime | None = None) -> date | None:
    """The day whose jobs are due at `now` (today once the daily time has passed)."""
    local = timezone.localtime(now or timezone.now())
    return local.date() if local.time() >= daily_time() else None


def daily_enqueue(*, now: datetime | None = None) -> list[str]:
    """Enqueue each daily job not yet enqueued for today; returns the names enqueued
    by this call (by no other worker)."""
    from kivoucher.core.tasks import scheduled_job_task

    autodiscover()
    now = now or timezone.now()
    day = daily_due_day(now)
    if day is None:
        return []
    done = set(ScheduledRun.objects.filter(day=day).values_list("name", flat=True))
    enqueued = []
    for name in sorted(DAILY):
        if name in done:
            continue
        try:
            with transaction.atomic():
                run = ScheduledRun.objects.create(name=name, day=day, enqueued_at=now)
                # With the database backend the task row commits with the run row:
                # a crash leaves either both or neither. (The immediate backend
                # runs the job here, inside the transaction.)
                result = scheduled_job_task.enqueue(name=name)
                run.task_id = str(result.id)
                run.save(update_fields=["task_id"])
        except IntegrityError:
            continue  # another worker was first
        enqueued.append(name)
        logger.info("daily job %s enqueued for %s", name, day)
    return enqueued


def scheduled_job_run(name: str):
    """Run the daily job `name` (the body of `scheduled_job_task`)."""
    autodiscover()
    func = DAILY.get(name)
    if func is None:
        raise LookupError(f"no daily job {name!r} is registered")
    return func()


@every(60, "core.mails")
def _mails_send_due() -> int:
    """The core's own hook: pending mails whose time has come (kivoucher.core.mail)."""
    from kivoucher.core.mail import mails_send_due

    return mails_send_due()
