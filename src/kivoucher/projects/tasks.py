"""Background work of line I (django-tasks): the daily deadline run.

It lives in projects, the top of line I, because it closes paid vouchers as well
as expiring vouchers and accreditations.
"""

from django_tasks import task


def run_deadlines() -> dict:
    from kivoucher.applications.services import vouchers_expire, vouchers_remind
    from kivoucher.projects.services import vouchers_close_paid
    from kivoucher.providers.services import accreditations_expire, accreditations_remind

    return {
        "vouchers_expired": len(vouchers_expire()),
        "reminders_sent": vouchers_remind(),
        "vouchers_closed": vouchers_close_paid(),
        "accreditations_expired": accreditations_expire(),
        "accreditation_reminders_sent": accreditations_remind(),
    }


@task()
def deadlines_task() -> dict:
    return run_deadlines()
