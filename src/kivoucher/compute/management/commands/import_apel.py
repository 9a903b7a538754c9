from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from kivoucher.compute.models import DataCentre
from kivoucher.compute.services.imports import accounting_import
from kivoucher.core.errors import DomainError


class Command(BaseCommand):
    help = (
        "Import an EGI APEL accounting message (job, summary or GPU accelerator records) "
        "as usage of a data centre (idempotent)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--data-centre", required=True, help="data centre code")

    def handle(self, *args, **options):
        dc = DataCentre.objects.filter(code=options["data_centre"]).first()
        if dc is None:
            raise CommandError(f"No data centre with code {options['data_centre']!r}.")
        path = Path(options["file"])
        try:
            with path.open("rb") as file:
                summary = accounting_import(
                    actor=None, data_centre=dc, fmt="apel", file=file, filename=path.name
                )
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc}")
        except DomainError as exc:
            raise CommandError(exc.message)
        for line in summary.lines():
            self.stdout.write(line)
