from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from kivoucher.core.errors import DomainError
from kivoucher.payments.statements import bank_statement_import


class Command(BaseCommand):
    help = (
        "Import a camt.053 bank statement: exported payouts are paid by their end-to-end "
        "id, returns reopen them, incoming payments with a programme reference are booked. "
        "One line per entry: result, kind, amount, reference, note. Importing the same "
        "statement again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the camt.053 XML file")

    def handle(self, *args, **options):
        path = Path(options["file"])
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror}")
        try:
            report = bank_statement_import(actor="import-camt", data=data)
        except DomainError as exc:
            raise CommandError(exc.message)
        for entry in report.entries:
            amount = "-" if entry.amount is None else f"{'' if entry.credit else '-'}{entry.amount}"
            self.stdout.write(
                "\t".join(
                    [
                        entry.result,
                        entry.kind,
                        amount,
                        entry.end_to_end_id or entry.reference or "-",
                        entry.message or "",
                    ]
                ).rstrip()
            )
        counts = ", ".join(f"{n} {result}" for result, n in report.counts.items() if n)
        self.stderr.write(
            f"Statement {report.message_id or '?'}: {len(report.entries)} entries ({counts})."
        )
