from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from kivoucher.core.errors import DomainError
from kivoucher.payments.models import PaymentBatch
from kivoucher.payments.services import sepa_batch_create, sepa_batch_export, sepa_batch_mark_paid


class Command(BaseCommand):
    help = (
        "Collect the released payouts (released by a second person) into a SEPA pain.001 "
        "batch and write it to a file; or build a batch and hold it back (--hold), export "
        "a held batch (--batch), or mark an exported batch as paid (--mark-paid)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", "-o", help="file for the pain.001 XML (default: stdout)")
        parser.add_argument("--execution-date", type=date.fromisoformat)
        parser.add_argument(
            "--hold", action="store_true", help="build the batch but hold it back (no file)"
        )
        parser.add_argument(
            "--batch", metavar="MESSAGE_ID", help="export the held batch with this message id"
        )
        parser.add_argument(
            "--mark-paid", metavar="MESSAGE_ID", help="mark the batch with this message id as paid"
        )

    def _batch(self, message_id: str) -> PaymentBatch:
        batch = PaymentBatch.objects.filter(message_id=message_id).first()
        if batch is None:
            raise CommandError(f"No batch {message_id!r}.")
        return batch

    def handle(self, *args, **options):
        try:
            self._handle(options)
        except DomainError as exc:
            raise CommandError(exc.message)

    def _handle(self, options):
        if options["mark_paid"]:
            batch = self._batch(options["mark_paid"])
            sepa_batch_mark_paid(actor="export-sepa", batch=batch)
            self.stdout.write(f"Batch {batch.message_id} marked paid ({batch.count} payouts).")
            return
        if options["batch"]:
            batch = sepa_batch_export(actor="export-sepa", batch=self._batch(options["batch"]))
        else:
            batch = sepa_batch_create(
                actor="export-sepa",
                execution_date=options["execution_date"],
                hold=options["hold"],
            )
            if batch is None:
                self.stderr.write("No released payouts.")
                return
            if options["hold"]:
                self.stderr.write(
                    f"Batch {batch.message_id} held back: {batch.count} payouts, "
                    f"{batch.total} EUR (export it with --batch {batch.message_id})."
                )
                return
        if options["output"]:
            Path(options["output"]).write_text(batch.xml, encoding="utf-8")
            self.stderr.write(
                f"Batch {batch.message_id}: {batch.count} payouts, "
                f"{batch.total} EUR -> {options['output']}"
            )
        else:
            self.stdout.write(batch.xml)
