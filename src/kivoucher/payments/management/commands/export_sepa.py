from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from kivoucher.core.errors import DomainError
from kivoucher.payments.models import PaymentBatch
from kivoucher.payments.services import sepa_batch_create, sepa_batch_mark_paid


class Command(BaseCommand):
    help = (
        "Collect pending payouts into a SEPA pain.001 batch and write it to a file "
        "(or mark an exported batch as paid)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", "-o", help="file for the pain.001 XML (default: stdout)")
        parser.add_argument("--execution-date", type=date.fromisoformat)
        parser.add_argument(
            "--mark-paid", metavar="MESSAGE_ID", help="mark the batch with this message id as paid"
        )

    def handle(self, *args, **options):
        if options["mark_paid"]:
            batch = PaymentBatch.objects.filter(message_id=options["mark_paid"]).first()
            if batch is None:
                raise CommandError(f"No batch {options['mark_paid']!r}.")
            try:
                sepa_batch_mark_paid(actor="export-sepa", batch=batch)
            except DomainError as exc:
                raise CommandError(exc.message)
            self.stdout.write(f"Batch {batch.message_id} marked paid ({batch.count} payouts).")
            return
        batch = sepa_batch_create(actor="export-sepa", execution_date=options["execution_date"])
        if batch is None:
            self.stderr.write("No pending payouts.")
            return
        if options["output"]:
            Path(options["output"]).write_text(batch.xml, encoding="utf-8")
            self.stderr.write(
                f"Batch {batch.message_id}: {batch.count} payouts, "
                f"{batch.total} EUR -> {options['output']}"
            )
        else:
            self.stdout.write(batch.xml)
