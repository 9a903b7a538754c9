from django.core.management.base import BaseCommand

from kivoucher.compute.services.onboarding import evidence_verify_all
from kivoucher.compute.services.reports import final_reports_remind
from kivoucher.compute.services.vouchers import compute_vouchers_expire


class Command(BaseCommand):
    help = (
        "Daily (cron or the compute_daily task): re-verify the Gaia-X evidence of every "
        "data centre offline, expire vouchers past their validity, remind final reports."
    )

    def handle(self, *args, **options):
        for v in evidence_verify_all():
            failed = [f"{c['credential']}:{c['check']}" for c in v.checks if not c["passed"]]
            self.stdout.write(
                f"{v.data_centre.code}: {v.data_centre.evidence_status}"
                + (f" (failed: {', '.join(failed)})" if failed else "")
            )
        self.stdout.write(f"vouchers expired: {len(compute_vouchers_expire())}")
        self.stdout.write(f"final report reminders: {final_reports_remind()}")
