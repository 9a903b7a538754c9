from django.core.management.base import BaseCommand, CommandError

from kivoucher.core.models import User
from kivoucher.core.twofactor import totp_devices_reset


class Command(BaseCommand):
    help = (
        "Remove a staff member's TOTP devices (lost phone): at the next sign-in they "
        "set up a new authenticator. Check the person's identity first."
    )

    def add_arguments(self, parser):
        parser.add_argument("--user", required=True, help="user name")

    def handle(self, *args, **options):
        user = User.objects.filter(username=options["user"]).first()
        if user is None:
            raise CommandError(f"No user named {options['user']!r}.")
        removed = totp_devices_reset(user=user)
        self.stdout.write(f"Removed {removed} TOTP device(s) of {user.username}.")
