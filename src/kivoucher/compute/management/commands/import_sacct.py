from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from kivoucher.compute.models import DataCentre
from kivoucher.compute.services.imports import sacct_import
from kivoucher.core.errors import DomainError


class Command(BaseCommand):
    help = "Import Slurm `sacct --parsable2` output as usage of a data centre (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--data-centre", required=True, help="data centre code")
        parser.add_argument(
            "--columns", help="column names, |-separated, for a file without a header line"
        )
        parser.add_argument("--delimiter", default="|")

    def handle(self, *args, **options):
        dc = DataCentre.objects.filter(code=options["data_centre"]).first()
        if dc is None:
            raise CommandError(f"No data centre with code {options['data_centre']!r}.")
        path = Path(options["file"])
        columns = options["columns"].split("|") if options["columns"] else None
        try:
            with path.open("rb") as file:
                summary = sacct_import(
                    actor=None,
                    data_centre=dc,
                    file=file,
                    filename=path.name,
                    columns=columns,
                    delimiter=options["delimiter"],
                )
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc}")
        except DomainError as exc:
            raise CommandError(exc.message)
        for line in summary.lines():
            self.stdout.write(line)
