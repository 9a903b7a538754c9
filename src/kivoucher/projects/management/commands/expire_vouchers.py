"""`kivoucher expire-vouchers`: the daily deadline job of line I."""

from django.core.management.base import BaseCommand

from kivoucher.projects.tasks import run_deadlines


class Command(BaseCommand):
    help = (
        "Expire vouchers and accreditations past their validity (releasing the budget), "
        "send reminders before deadlines and close paid vouchers."
    )

    def handle(self, *args, **options):
        result = run_deadlines()
        for key, value in result.items():
            self.stdout.write(f"{key}: {value}")
