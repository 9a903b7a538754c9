from django.core.management.base import BaseCommand, CommandError

from kivoucher.core.models import User
from kivoucher.core.tokens import api_token_create


class Command(BaseCommand):
    help = "Create an API bearer token for a user; the token is the last line of the output."

    def add_arguments(self, parser):
        parser.add_argument("--user", required=True, help="user name")
        parser.add_argument("--name", default="", help="what the token is for")

    def handle(self, *args, **options):
        user = User.objects.filter(username=options["user"]).first()
        if user is None:
            raise CommandError(f"No user named {options['user']!r}.")
        token, key = api_token_create(user=user, name=options["name"])
        self.stdout.write(
            f"Token {token.prefix}… for {user.username} ({user.role}); it is shown only now:"
        )
        self.stdout.write(key)
