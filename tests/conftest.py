"""Shared fixtures. Tests run on SQLite by default and on PostgreSQL when
DATABASE_URL points there (`make test` runs both)."""

import pytest
from django.conf import settings
from django.test import Client

from tests.factories import UserFactory


def pytest_collection_modifyitems(config, items):
    """PostgreSQL-only tests (real concurrency) are deselected, loudly, on SQLite."""
    if settings.IS_POSTGRES:
        return
    selected, deselected = [], []
    for item in items:
        (deselected if item.get_closest_marker("postgres") else selected).append(item)
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = selected


def pytest_report_header(config):
    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    note = "" if settings.IS_POSTGRES else " (tests marked 'postgres' are deselected)"
    return f"kivoucher: database engine {engine}{note}"


@pytest.fixture
def user_factory():
    return UserFactory


def _mark_second_factor(client: Client, user) -> None:
    from kivoucher.core.twofactor import (
        session_mark_verified,
        totp_device_demo,
        two_factor_required,
    )

    if two_factor_required(user):
        session = client.session
        session_mark_verified(session, totp_device_demo(user=user))
        session.save()


_plain_force_login = Client.force_login


def _force_login_with_second_factor(self, user, backend=None):
    """Staff must pass a TOTP step after the password (kivoucher.core.twofactor).
    A forced login in a test stands for a completed sign-in, so for staff it also
    creates a confirmed TOTP device and marks the session OTP-verified. Tests of
    the TOTP step itself sign in through the login form (tests/security)."""
    _plain_force_login(self, user, backend)
    _mark_second_factor(self, user)


Client.force_login = _force_login_with_second_factor


def login_client(client: Client, user) -> Client:
    """Sign a user in on a test client; staff also pass the TOTP step."""
    client.force_login(user)
    return client


@pytest.fixture
def client_for():
    """A logged-in test client for a user (staff: with the second factor done)."""

    def make(user) -> Client:
        return login_client(Client(), user)

    return make


@pytest.fixture
def api_client_for(db):
    """A test client that sends a bearer token of the user on every request."""
    from kivoucher.core.tokens import api_token_create

    def make(user) -> Client:
        _token, key = api_token_create(user=user)
        return Client(HTTP_AUTHORIZATION=f"Bearer {key}")

    return make
