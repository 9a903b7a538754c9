from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from kivoucher.core.backup import database_backup
from kivoucher.core.errors import DomainError


class Command(BaseCommand):
    help = "Write a consistent online backup of the SQLite database (PostgreSQL: use pg_dump)."

    def add_arguments(self, parser):
        parser.add_argument("--output", "-o", type=Path, default=None, help="backup file")

    def handle(self, *args, **options):
        try:
            path = database_backup(output=options["output"])
        except DomainError as exc:
            raise CommandError(exc.message)
        self.stdout.write(f"Backup written to {path}")
