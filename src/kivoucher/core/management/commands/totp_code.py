from django.core.management.base import BaseCommand, CommandError

from kivoucher.core.models import User
from kivoucher.core.twofactor import DEMO_DEVICE_NAME, DEMO_TOTP_KEY_HEX


class Command(BaseCommand):
    help = (
        "Print the current TOTP code of a demo staff account (development only: "
        "works only for devices with the documented demo seed)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--user", required=True, help="user name, e.g. caseworker")

    def handle(self, *args, **options):
        from django_otp.oath import TOTP
        from django_otp.plugins.otp_totp.models import TOTPDevice

        user = User.objects.filter(username=options["user"]).first()
        if user is None:
            raise CommandError(f"No user named {options['user']!r}.")
        device = TOTPDevice.objects.filter(
            user=user, name=DEMO_DEVICE_NAME, key=DEMO_TOTP_KEY_HEX, confirmed=True
        ).first()
        if device is None:
            raise CommandError(
                f"{user.username} has no demo TOTP device (real devices stay secret)."
            )
        totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
        self.stdout.write(f"{totp.token():0{device.digits}d}")
