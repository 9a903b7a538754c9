"""The platform's own address, for links that leave the page: mails, QR codes on
certificates, calendar feeds.

In production it is KIVOUCHER_SITE_URL (the deploy check `core.checks.site_url_check`
refuses to start without it). In development (KIVOUCHER_DEBUG) a link built while a
request is handled uses the address that request reached the server at, so that links
work on whatever host and port `make run` listens; outside a request (commands, jobs)
the setting, or http://127.0.0.1:8000 when it is not set.
"""

from contextvars import ContextVar

from django.conf import settings
from django.core.exceptions import DisallowedHost

DEVELOPMENT_URL = "http://127.0.0.1:8000"
_request_origin: ContextVar[str] = ContextVar("kivoucher_request_origin", default="")


def site_url() -> str:
    """The address links start with, without a trailing slash."""
    if settings.DEBUG and _request_origin.get():
        return _request_origin.get()
    return settings.SITE_URL.rstrip("/") or DEVELOPMENT_URL


def absolute_url(path: str) -> str:
    """`path` (as `reverse` gives it) as an address to put into a mail or a document."""
    return site_url() + "/" + path.lstrip("/")


class SiteURLMiddleware:
    """In development, remembers the address the request reached the server at for
    the links built while it is handled (`site_url`)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not settings.DEBUG:
            return self.get_response(request)
        try:
            origin = f"{request.scheme}://{request.get_host()}"
        except DisallowedHost:
            origin = ""
        token = _request_origin.set(origin)
        try:
            return self.get_response(request)
        finally:
            _request_origin.reset(token)
