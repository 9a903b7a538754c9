from django.core.management.base import BaseCommand, CommandError

from kivoucher.core.audit import audit_verify


class Command(BaseCommand):
    help = "Walk the hash-chained audit log; exit non-zero naming the first bad row."

    def handle(self, *args, **options):
        result = audit_verify()
        if not result.ok:
            raise CommandError(
                f"Audit log broken at row #{result.first_bad_seq}: "
                f"{result.problem} ({result.checked} rows verified before it)."
            )
        self.stdout.write(self.style.SUCCESS(f"Audit log intact: {result.checked} rows verified."))
