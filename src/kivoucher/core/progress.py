"""How far a background task has come, shown where the person who started it waits.

A view that hands a long job to the queue creates the record and passes its key:

    progress = progress_start(user=request.user, message=_("Waiting for a worker …"))
    some_task.enqueue(..., progress_key=progress.key)
    return render(request, "core/_task_progress.html", {"progress": progress})

The task reports as it goes and at its end:

    progress_update(progress_key, done=i, total=n, message=_("Reading line %s") % i)
    progress_finish(progress_key, message=_("Done."), result_url="/where/to/look/")
    progress_fail(progress_key, message=_("The import failed: ..."))

The fragment `core/_task_progress.html` polls `/tasks/<key>/` with htmx every two
seconds while the task is queued or running and stops once it is done or failed;
without JavaScript the same address is a page with a reload link. Only the person
who started the task and programme staff see it (anyone else: 404).

The record is written in its own short transaction: call `progress_update` between
the steps of a task, not inside a transaction of the task, or nobody sees it before
that transaction commits.
"""

import secrets

from django.db.models import F
from django.utils.translation import gettext as _

from kivoucher.core.errors import NotFound
from kivoucher.core.models import TaskProgress


def progress_start(*, user, message: str = "", total: int = 0) -> TaskProgress:
    return TaskProgress.objects.create(
        key=secrets.token_urlsafe(24),
        user=user if getattr(user, "pk", None) else None,
        message=str(message)[:500],
        total=total,
    )


def progress_update(key: str, *, done: int | None = None, total: int | None = None, message=None):
    fields: dict = {"status": TaskProgress.Status.RUNNING}
    if done is not None:
        fields["done"] = max(0, done)
    if total is not None:
        fields["total"] = max(0, total)
    if message is not None:
        fields["message"] = str(message)[:500]
    TaskProgress.objects.filter(key=key).exclude(
        status__in=[TaskProgress.Status.DONE, TaskProgress.Status.FAILED]
    ).update(**fields)


def progress_finish(key: str, *, message, result_url: str = "") -> None:
    TaskProgress.objects.filter(key=key).update(
        status=TaskProgress.Status.DONE,
        done=F("total"),
        message=str(message)[:500],
        result_url=result_url[:500],
    )


def progress_fail(key: str, *, message) -> None:
    TaskProgress.objects.filter(key=key).update(
        status=TaskProgress.Status.FAILED, message=str(message)[:500]
    )


def progress_get_for_user(*, user, key: str) -> TaskProgress:
    progress = TaskProgress.objects.filter(key=key).first()
    if progress is None or not (progress.user_id == user.pk or user.sees_everything):
        raise NotFound(_("There is no such task."))
    return progress
