"""Background work of line II (django-tasks). `kivoucher verify-gaiax` runs the same
daily job from cron; `compute_daily.enqueue()` hands it to the task workers."""

from django_tasks import task

from kivoucher.compute.services.onboarding import evidence_verify_all
from kivoucher.compute.services.reports import final_reports_remind
from kivoucher.compute.services.vouchers import compute_vouchers_expire


@task()
def compute_daily() -> dict:
    """Re-verify every data centre's Gaia-X evidence offline, expire vouchers past
    their validity and remind final reports that are due or overdue."""
    verifications = evidence_verify_all()
    return {
        "verified": {v.data_centre.code: v.data_centre.evidence_status for v in verifications},
        "expired": [v.code for v in compute_vouchers_expire()],
        "reminders": final_reports_remind(),
    }
