from django.core.management.base import BaseCommand, CommandError

from kivoucher.core.audit import audit_verify


class Command(BaseCommand):
    help = (
        "Walk every chain of the hash-chained audit log; exit non-zero naming the first "
        "bad row of each broken chain."
    )

    def handle(self, *args, **options):
        result = audit_verify()
        if not result.ok:
            for p in result.problems:
                self.stderr.write(f"chain {p.shard}, row #{p.seq}: {p.problem}")
            first = result.problems[0]
            raise CommandError(
                f"Audit log broken in {len(result.problems)} chain(s), first in chain "
                f"{first.shard} at row #{first.seq}: {first.problem} "
                f"({result.checked} rows verified)."
            )
        self.stdout.write(self.style.SUCCESS(f"Audit log intact: {result.checked} rows verified."))
