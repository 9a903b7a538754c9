"""Background work of the core (django-tasks): the mail delivery and the daily jobs
the worker's scheduler enqueues. Both are safe to run again after a worker was
killed mid-way: see kivoucher.core.mail and kivoucher.core.schedule."""

from django_tasks import task

from kivoucher.core.mail import mail_deliver
from kivoucher.core.schedule import scheduled_job_run


@task()
def mail_deliver_task(*, mail_id: int) -> str:
    """One attempt to send an outgoing mail (kivoucher.core.mail.mail_deliver)."""
    return mail_deliver(mail_id=mail_id)


@task()
def scheduled_job_task(*, name: str):
    """Run the daily job `name` (kivoucher.core.schedule.daily)."""
    return scheduled_job_run(name)
