"""Cross-cutting web security: login throttling backend and response headers."""

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.http import HttpResponseBadRequest, JsonResponse


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
