"""A real OpenID Connect provider for the single sign-on tests: a small Django
project around django-oidc-provider, run in its own process on a loopback port with
its own SQLite database (see serve.py and tests/accounts/oidc.py)."""
