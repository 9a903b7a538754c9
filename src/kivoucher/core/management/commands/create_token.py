from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from kivoucher.core.errors import DomainError
from kivoucher.core.models import User
from kivoucher.core.tokens import api_token_create


class Command(BaseCommand):
    help = "Create an API bearer token for a user; the token is the last line of the output."

    def add_arguments(self, parser):
        parser.add_argument("--user", required=True, help="user name")
        parser.add_argument("--name", default="", help="what the token is for")
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="valid for this many days (default and most: KIVOUCHER_API_TOKEN_DAYS)",
        )

    def handle(self, *args, **options):
        user = User.objects.filter(username=options["user"]).first()
        if user is None:
            raise CommandError(f"No user named {options['user']!r}.")
        days = options["days"]
        expires_at = timezone.now() + timedelta(days=days) if days is not None else None
        try:
            token, key = api_token_create(user=user, name=options["name"], expires_at=expires_at)
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(
            f"Token {token.prefix}… for {user.username} ({user.role}), valid until "
            f"{timezone.localtime(token.expires_at):%Y-%m-%d %H:%M}; it is shown only now:"
        )
        self.stdout.write(key)
