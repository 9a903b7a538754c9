"""Where webhooks may go: https URLs of public hosts; refused at registration and
again at delivery (resolved and checked before connecting)."""

import pytest
from django.db import transaction

from kivoucher.core.errors import DomainError
from kivoucher.webhooks.addresses import address_is_public, target_resolve, url_parse
from kivoucher.webhooks.events import event_emit
from kivoucher.webhooks.models import Delivery
from kivoucher.webhooks.services import endpoint_create, endpoint_update


@pytest.fixture
def strict(settings):
    settings.KIVOUCHER_WEBHOOK_ALLOW_PRIVATE = False


@pytest.mark.parametrize(
    "address",
    [
        "10.1.2.3",
        "172.16.0.1",
        "192.168.1.1",
        "127.0.0.1",
        "169.254.169.254",
        "100.64.0.1",
        "0.0.0.0",  # noqa: S104
        "224.0.0.1",
        "::1",
        "fe80::1",
        "fc00::1",
        "::ffff:127.0.0.1",
        "64:ff9b::a00:1",
        "2002:a00:1::1",
    ],
)
def test_non_public_addresses_are_recognised(address):
    assert not address_is_public(address)


@pytest.mark.parametrize("address", ["8.8.8.8", "2a00:1450:4001:80b::200e", "1.1.1.1"])
def test_public_addresses_are_public(address):
    assert address_is_public(address)


@pytest.mark.parametrize(
    ("url", "code"),
    [
        ("not a url", "webhook_url_invalid"),
        ("", "webhook_url_invalid"),
        ("ftp://example.org/hook", "webhook_url_invalid"),
        ("https://", "webhook_url_invalid"),
        ("https://example.org:99999/", "webhook_url_invalid"),
        ("https://user:pw@example.org/", "webhook_url_invalid"),
        ("http://8.8.8.8/hook", "webhook_url_not_https"),
        ("https://10.0.0.1/hook", "webhook_url_private"),
        ("https://127.0.0.1:8443/hook", "webhook_url_private"),
        ("https://localhost/hook", "webhook_url_private"),
        ("https://169.254.169.254/latest/meta-data", "webhook_url_private"),
        ("https://[::1]/hook", "webhook_url_private"),
        ("https://[fe80::1]/hook", "webhook_url_private"),
    ],
)
def test_registration_refuses(url, code, strict, member):
    organisation = member.memberships.get().organisation
    with pytest.raises(DomainError) as refused:
        endpoint_create(actor=member, organisation=organisation, url=url, events=["payout.paid"])
    assert refused.value.code == code
    assert refused.value.status == 400


def test_a_public_https_address_is_accepted(strict):
    target = target_resolve("https://8.8.8.8/hook?x=1")
    assert (target.scheme, target.address, target.port, target.path) == (
        "https",
        "8.8.8.8",
        443,
        "/hook?x=1",
    )
    assert target.connect_url == "https://8.8.8.8:443/hook?x=1"


def test_allow_private_allows_http_and_private_addresses(settings):
    settings.KIVOUCHER_WEBHOOK_ALLOW_PRIVATE = True
    assert url_parse("http://10.0.0.1:8080/x")[0] == "http"
    assert target_resolve("http://127.0.0.1:8080/x").address == "127.0.0.1"


def test_a_change_of_url_is_checked_too(strict, member, settings):
    organisation = member.memberships.get().organisation
    endpoint, _ = endpoint_create(
        actor=member, organisation=organisation, url="https://8.8.8.8/", events=["payout.paid"]
    )
    with pytest.raises(DomainError) as refused:
        endpoint_update(actor=member, endpoint=endpoint, url="https://192.168.0.10/")
    assert refused.value.code == "webhook_url_private"


def test_delivery_checks_the_address_again_and_sends_nothing_inside(
    receiver, company, endpoint_of, settings, django_capture_on_commit_callbacks
):
    """Registered while private addresses were allowed (or the name resolved to a public
    address then): at delivery the address is checked again, nothing is sent."""
    endpoint_of(receiver.url)
    settings.KIVOUCHER_WEBHOOK_ALLOW_PRIVATE = False
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        event = event_emit(type="voucher.issued", data={}, organisations=[company])
    delivery = Delivery.objects.get(event=event)
    assert receiver.received == []
    assert delivery.status == Delivery.Status.FAILED
    assert "https" in delivery.last_error or "private" in delivery.last_error


def test_delivery_connects_to_the_address_it_checked(monkeypatch, strict):
    """The name is resolved once; the connection goes to that address (no second DNS
    lookup that could answer differently), with the name as Host and for TLS."""
    import socket

    calls = []

    def resolve(host, port, **kwargs):
        calls.append(host)
        address = "93.184.215.14" if len(calls) == 1 else "127.0.0.1"
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port))]

    monkeypatch.setattr(socket, "getaddrinfo", resolve)
    target = target_resolve("https://hooks.example.org/in")
    assert calls == ["hooks.example.org"]
    assert target.connect_url == "https://93.184.215.14:443/in"
    assert target.host_header == "hooks.example.org" and target.is_name
