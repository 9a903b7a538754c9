"""Cross-cutting web security: login throttling backend, the client's address
behind a proxy, and response headers."""

import ipaddress
from functools import lru_cache

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.http import HttpResponseBadRequest, JsonResponse
from django.utils.cache import patch_cache_control


class ThrottledLoginBackend(AxesStandaloneBackend):
    """django-axes' lockout check for every sign-in made through a request.

    Authentication without a request (Django's test client `login()`, console
    scripts) has no client to throttle, so it is left to the next backend
    instead of raising as AxesStandaloneBackend does.
    """

    def authenticate(self, request=None, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


@lru_cache(maxsize=8)
def _trusted_networks(proxies: tuple[str, ...]) -> tuple:
    return tuple(ipaddress.ip_network(p, strict=False) for p in proxies)


def _parse_address(text: str):
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def _is_trusted(address, networks) -> bool:
    return address is not None and any(address in net for net in networks)


def client_ip(request) -> str | None:
    """The address of the client that sent `request` (django-axes keys on it).

    The socket's peer (REMOTE_ADDR) unless it is one of KIVOUCHER_TRUSTED_PROXIES
    (addresses or networks). Only then is X-Forwarded-For read, from the right:
    each trusted proxy appended the address it received the request from, so the
    first address from the right that is not a trusted proxy is the client.
    Entries further left were written by the client and could be anything, so
    they are never used; a header from an untrusted peer is ignored entirely.
    """
    remote = request.META.get("REMOTE_ADDR")
    networks = _trusted_networks(tuple(settings.KIVOUCHER_TRUSTED_PROXIES))
    if not networks or not _is_trusted(_parse_address(remote or ""), networks):
        return remote
    forwarded = [a for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
    for entry in reversed(forwarded):
        address = _parse_address(entry)
        if address is None:
            # A malformed entry: whatever is further left cannot be trusted either.
            break
        if not _is_trusted(address, networks):
            return str(address)
    return remote


PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=()"
)


class SecurityHeadersMiddleware:
    """Headers Django's SecurityMiddleware does not set (CSP comes from django-csp)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        return response


class NoStoreWhenSignedInMiddleware:
    """Answers to a signed-in person (session or bearer token) are not kept by the
    browser or any cache: `Cache-Control: private, no-store`, unless the view set
    its own Cache-Control. Public pages are left as they are.

    Only a request that carries a session cookie or an Authorization header can be
    signed in; others are not asked (that would load a session and add
    `Vary: Cookie` to every public page).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if "Cache-Control" not in response.headers and _signed_in(request):
            patch_cache_control(response, private=True, no_store=True)
        return response


def _signed_in(request) -> bool:
    if (
        "HTTP_AUTHORIZATION" not in request.META
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
    ):
        return False
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)


class RejectNulBytesMiddleware:
    """Refuse NUL characters in the path, query string or a JSON body with a 400.

    PostgreSQL text cannot hold NUL, so such input would otherwise surface as a
    database error (a 500) wherever it reaches a query; forms already refuse it
    (ProhibitNullCharactersValidator), this covers URLs and the API's parameters.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Session ids are letters and digits; anything else (a NUL byte would reach
        # the session query) is a forged cookie and is treated as no session.
        session_id = request.COOKIES.get(settings.SESSION_COOKIE_NAME)
        if session_id is not None and not (session_id.isascii() and session_id.isalnum()):
            del request.COOKIES[settings.SESSION_COOKIE_NAME]
        query = request.META.get("QUERY_STRING", "")
        json_body = request.content_type == "application/json" and (
            b"\\u0000" in request.body or b"\x00" in request.body
        )
        if "\x00" in request.path or "%00" in query or "\x00" in query or json_body:
            if request.path.startswith("/api/"):
                return JsonResponse(
                    {"code": "invalid", "message": "NUL characters are not allowed."},
                    status=400,
                )
            return HttpResponseBadRequest("NUL characters are not allowed.")
        return self.get_response(request)
