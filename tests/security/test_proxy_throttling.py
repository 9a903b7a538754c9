"""Login throttling keys on the client's address; behind the documented proxy that
address comes from X-Forwarded-For, but only when the proxy is trusted
(KIVOUCHER_TRUSTED_PROXIES)."""

import pytest
from django.test import Client, RequestFactory

from kivoucher.core.security import client_ip

PROXY = "10.0.0.5"
pytestmark = pytest.mark.django_db


def _login(username: str, password: str, *, remote: str, forwarded: str | None = None):
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return Client().post("/accounts/login/", {"username": username, "password": password}, **meta)


def _fail(times: int, username: str, *, remote: str, forwarded) -> list[int]:
    """`forwarded(i)`: the X-Forwarded-For of the i-th attempt."""
    return [
        _login(username, "nope", remote=remote, forwarded=forwarded(i)).status_code
        for i in range(times)
    ]


def test_without_trusted_proxies_x_forwarded_for_is_ignored(user_factory, settings):
    settings.KIVOUCHER_TRUSTED_PROXIES = []
    user_factory(username="target")
    limit = settings.AXES_FAILURE_LIMIT
    # Each attempt claims another address; all count against the socket's address.
    statuses = _fail(limit, "target", remote=PROXY, forwarded=lambda i: f"203.0.113.{i + 1}")
    assert statuses[-1] == 429
    assert _login("target", "pw", remote=PROXY, forwarded="198.51.100.1").status_code == 429


def test_clients_behind_a_trusted_proxy_are_throttled_separately(user_factory, settings):
    settings.KIVOUCHER_TRUSTED_PROXIES = [PROXY]
    user_factory(username="target")
    limit = settings.AXES_FAILURE_LIMIT
    statuses = _fail(limit, "target", remote=PROXY, forwarded=lambda i: "203.0.113.7")
    assert statuses == [200] * (limit - 1) + [429]
    assert _login("target", "pw", remote=PROXY, forwarded="203.0.113.7").status_code == 429
    # The real owner, behind the same proxy from another address, still signs in.
    assert _login("target", "pw", remote=PROXY, forwarded="203.0.113.8").status_code == 302


def test_the_locked_client_cannot_escape_by_prepending_addresses(user_factory, settings):
    settings.KIVOUCHER_TRUSTED_PROXIES = [PROXY]
    user_factory(username="target")
    limit = settings.AXES_FAILURE_LIMIT
    # nginx appends the peer it saw; what the client wrote itself stays on the left.
    statuses = _fail(
        limit, "target", remote=PROXY, forwarded=lambda i: f"192.0.2.{i + 1}, 203.0.113.7"
    )
    assert statuses[-1] == 429


def test_spoofed_header_from_an_untrusted_address_is_ignored(user_factory, settings):
    settings.KIVOUCHER_TRUSTED_PROXIES = [PROXY]
    user_factory(username="target")
    limit = settings.AXES_FAILURE_LIMIT
    attacker = "198.51.100.66"
    statuses = _fail(limit, "target", remote=attacker, forwarded=lambda i: f"203.0.113.{i + 1}")
    assert statuses[-1] == 429
    # The owner at the address the attacker claimed last is not locked out.
    assert _login("target", "pw", remote="203.0.113.5").status_code == 302


@pytest.mark.parametrize(
    ("trusted", "remote", "forwarded", "expected"),
    [
        ([], PROXY, "203.0.113.7", PROXY),
        ([PROXY], PROXY, "203.0.113.7", "203.0.113.7"),
        ([PROXY], PROXY, None, PROXY),
        ([PROXY], "198.51.100.66", "203.0.113.7", "198.51.100.66"),
        (["10.0.0.0/8"], PROXY, "1.2.3.4, 203.0.113.7, 10.1.1.1", "203.0.113.7"),
        ([PROXY], PROXY, "203.0.113.7, not-an-address", PROXY),
        ([PROXY], PROXY, " 2001:db8::1 ", "2001:db8::1"),
    ],
)
def test_client_ip(settings, trusted, remote, forwarded, expected):
    settings.KIVOUCHER_TRUSTED_PROXIES = trusted
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    assert client_ip(RequestFactory().get("/", **meta)) == expected
