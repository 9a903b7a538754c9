from django.core.management.base import BaseCommand

from kivoucher.organizations.gdpr import personal_data_anonymise


class Command(BaseCommand):
    help = (
        "Anonymise personal data (names, e-mails, birth dates) of people whose last "
        "activity is older than the retention period (KIVOUCHER_PERSONAL_DATA_RETENTION_DAYS)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--retention-days", type=int, default=None)

    def handle(self, *args, **options):
        result = personal_data_anonymise(retention_days=options["retention_days"])
        others = "".join(f", {number} {label}" for label, number in result.others.items())
        self.stdout.write(
            f"Anonymised {result.users} user(s) and {result.directors} director(s){others}."
        )
