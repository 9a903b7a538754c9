"""Where a webhook may be sent: https URLs of public hosts (no server-side request
forgery into the platform's own network).

A URL is checked when it is registered and again before every attempt: the host
is resolved, every address it resolves to must be public (not private, loopback,
link-local, shared, multicast, reserved or unspecified, also not hidden in an
IPv4-mapped, 6to4, Teredo or NAT64 IPv6 address), and the request then goes to the
address that was checked (`Target.address`), with the host name in the `Host`
header and for TLS (SNI and the certificate check): a DNS answer that changes
between the check and the connection (DNS rebinding) cannot redirect it.

`KIVOUCHER_WEBHOOK_ALLOW_PRIVATE` (tests, closed networks) allows private
addresses and plain http.
"""

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext as _

from kivoucher.core.errors import DomainError

MAX_URL_LENGTH = 2000
NAT64 = ipaddress.ip_network("64:ff9b::/96")


class UrlRefused(DomainError):
    code = "webhook_url_refused"


@dataclass(frozen=True)
class Target:
    scheme: str
    host: str  # as in the URL (a name or an address)
    port: int
    path: str  # path and query
    address: str  # the checked address to connect to

    @property
    def host_header(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        default = 443 if self.scheme == "https" else 80
        return host if self.port == default else f"{host}:{self.port}"

    @property
    def connect_url(self) -> str:
        address = f"[{self.address}]" if ":" in self.address else self.address
        return f"{self.scheme}://{address}:{self.port}{self.path}"

    @property
    def is_name(self) -> bool:
        try:
            ipaddress.ip_address(self.host)
        except ValueError:
            return True
        return False


def private_allowed() -> bool:
    return bool(getattr(settings, "KIVOUCHER_WEBHOOK_ALLOW_PRIVATE", False))


def address_is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    embedded = []
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped:
            embedded.append(ip.ipv4_mapped)
        if ip.sixtofour:
            embedded.append(ip.sixtofour)
        if ip.teredo:
            embedded.extend(ip.teredo)
        if ip in NAT64:
            embedded.append(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF))
    for candidate in (ip, *embedded):
        if (
            not candidate.is_global
            or candidate.is_private
            or candidate.is_loopback
            or candidate.is_link_local
            or candidate.is_multicast
            or candidate.is_reserved
            or candidate.is_unspecified
        ):
            return False
    return True


def url_parse(url: str) -> tuple[str, str, int, str]:
    """(scheme, host, port, path with query) of a URL a webhook may use, or UrlRefused."""
    url = (url or "").strip()
    invalid = UrlRefused(_("This is not a valid URL."), code="webhook_url_invalid")
    if not url or len(url) > MAX_URL_LENGTH or any(c.isspace() or ord(c) < 32 for c in url):
        raise invalid
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise invalid from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise invalid
    if parts.username is not None or parts.password is not None:
        raise UrlRefused(
            _("A webhook URL may not contain a user name or password."),
            code="webhook_url_invalid",
        )
    if parts.scheme != "https" and not private_allowed():
        raise UrlRefused(_("A webhook URL must use https."), code="webhook_url_not_https")
    host = parts.hostname
    try:
        host.encode("ascii")
    except UnicodeEncodeError:
        try:
            host = host.encode("idna").decode("ascii")
        except UnicodeError:
            raise invalid from None
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    return parts.scheme, host, port or (443 if parts.scheme == "https" else 80), path


def _resolve(host: str, port: int) -> list[str]:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError, OSError):
        raise UrlRefused(
            _("The host %(host)s cannot be resolved.") % {"host": host},
            code="webhook_url_unresolvable",
        ) from None
    addresses = []
    for _family, _type, _proto, _name, sockaddr in infos:
        if sockaddr[0] not in addresses:
            addresses.append(sockaddr[0])
    return addresses


def target_resolve(url: str) -> Target:
    """Check `url`, resolve its host and check every address (raises UrlRefused)."""
    scheme, host, port, path = url_parse(url)
    addresses = _resolve(host, port)
    if not private_allowed():
        for address in addresses:
            if not address_is_public(address):
                raise UrlRefused(
                    _(
                        "The webhook URL points to a private, loopback or link-local "
                        "address (%(address)s); only public addresses are allowed."
                    )
                    % {"address": address},
                    code="webhook_url_private",
                )
    return Target(scheme=scheme, host=host, port=port, path=path, address=addresses[0])
