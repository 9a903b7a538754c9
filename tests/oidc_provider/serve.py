"""Run the test OpenID Connect provider: `python -m tests.oidc_provider.serve SPEC`.

SPEC is a JSON file: {"port", "db", "client_id", "client_secret", "redirect_uris",
"users": [{"username", "password", "email", "first_name", "last_name", "roles"}]}.
The provider migrates its own SQLite database, creates an RS256 key, the client
(authorisation code flow, RS256 ID tokens, no consent screen) and the users (their
roles as groups), then serves on 127.0.0.1:<port> and prints "READY <url>" once it
accepts connections.
"""

import json
import os
import sys
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server


class _ThreadingServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        return


def main(spec_path: str) -> None:
    with open(spec_path) as handle:
        spec = json.load(handle)
    url = f"http://127.0.0.1:{spec['port']}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.oidc_provider.settings"
    os.environ["OIDC_PROVIDER_DB"] = spec["db"]
    os.environ["OIDC_PROVIDER_URL"] = url

    import django

    django.setup()
    from django.contrib.auth.models import Group, User
    from django.core.management import call_command
    from django.core.wsgi import get_wsgi_application
    from oidc_provider.models import Client, ResponseType

    call_command("migrate", verbosity=0, interactive=False)
    call_command("creatersakey", verbosity=0)
    code, _ = ResponseType.objects.get_or_create(
        value="code", defaults={"description": "code (Authorization Code Flow)"}
    )
    client = Client.objects.create(
        name="KI-Voucher",
        client_type="confidential",
        client_id=spec["client_id"],
        client_secret=spec["client_secret"],
        jwt_alg="RS256",
        require_consent=False,
    )
    client.redirect_uris = spec["redirect_uris"]
    client.save()
    client.response_types.add(code)
    for person in spec["users"]:
        user = User.objects.create_user(
            username=person["username"],
            password=person["password"],
            email=person["email"],
            first_name=person.get("first_name", ""),
            last_name=person.get("last_name", ""),
        )
        for role in person.get("roles", []):
            user.groups.add(Group.objects.get_or_create(name=role)[0])

    server = make_server(
        "127.0.0.1",
        spec["port"],
        get_wsgi_application(),
        server_class=_ThreadingServer,
        handler_class=_QuietHandler,
    )
    print(f"READY {url}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main(sys.argv[1])
