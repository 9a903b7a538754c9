"""The JSON API: django-ninja under /api/v1/, OpenAPI at /api/openapi.json.

Every error is JSON `{"code": "...", "message": "..."}` with a 4xx status.
"""

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError, IntegrityError
from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import APIKeyCookie, HttpBearer

from kivoucher.core.errors import DomainError
from kivoucher.core.tokens import api_token_for_key


class BearerToken(HttpBearer):
    def authenticate(self, request, token):
        api_token = api_token_for_key(token)  # an expired token: 401 token_expired
        if api_token is None:
            return None
        request.user = api_token.user
        request.api_token = api_token
        return api_token.user


class Session(APIKeyCookie):
    """The browser session of a signed-in user, with Django's CSRF check."""

    param_name = "sessionid"

    def _get_key(self, request):
        # Without a session cookie there is nothing for CSRF to protect: the request
        # is unauthenticated (401), not a CSRF failure (403), e.g. a lapsed token.
        if self.param_name not in request.COOKIES:
            return None
        return super()._get_key(request)

    def authenticate(self, request, key):
        from kivoucher.core.twofactor import two_factor_satisfied

        user = request.user
        # Staff sessions count only after the second factor (TOTP).
        return user if user.is_authenticated and two_factor_satisfied(user) else None


api = NinjaAPI(
    title="KI-Voucher API",
    version="1",
    description="Programme API of the KI-Voucher platform. Authenticate with "
    "`Authorization: Bearer <token>` (`kivoucher create-token --user NAME`).",
    auth=[BearerToken(), Session()],
    urls_namespace="api",
    openapi_url="/openapi.json",
    docs_url="/docs",
)


def error(request, status: int, code: str, message: str, **extra):
    return api.create_response(request, {"code": code, "message": message, **extra}, status=status)


@api.exception_handler(DomainError)
def on_domain_error(request, exc: DomainError):
    return error(request, exc.status, exc.code, exc.message)


@api.exception_handler(DjangoValidationError)
def on_model_validation_error(request, exc: DjangoValidationError):
    if hasattr(exc, "message_dict"):
        fields = {k: [str(m) for m in v] for k, v in exc.message_dict.items()}
        message = "; ".join(
            " ".join(v) if k == NON_FIELD_ERRORS else f"{k}: {' '.join(v)}"
            for k, v in fields.items()
        )
        return error(request, 400, "invalid", message, fields=fields)
    return error(request, 400, "invalid", " ".join(str(m) for m in exc.messages))


@api.exception_handler(ValidationError)
def on_validation_error(request, exc: ValidationError):
    details = []
    for item in exc.errors:
        where = ".".join(str(p) for p in item.get("loc", []))
        details.append(f"{where}: {item.get('msg', 'invalid')}")
    return error(
        request,
        422,
        "validation_error",
        "; ".join(details) or "Invalid input.",
        errors=[
            {"loc": [str(p) for p in e.get("loc", [])], "msg": str(e.get("msg"))}
            for e in exc.errors
        ],
    )


@api.exception_handler(IntegrityError)
def on_integrity_error(request, exc: IntegrityError):
    # A safety net: services check their rules first; a constraint that still
    # fires (e.g. a concurrent duplicate) is a conflict, not a server error.
    return error(request, 409, "conflict", "The request conflicts with existing data.")


@api.exception_handler(DataError)
def on_data_error(request, exc: DataError):
    # Input the database cannot store (e.g. NUL characters, out-of-range numbers).
    message = "The input cannot be stored (invalid characters or out of range)."
    return error(request, 400, "invalid", message)


@api.exception_handler(OverflowError)
def on_overflow(request, exc: OverflowError):
    # SQLite's driver refuses integers beyond 64 bits before the query runs.
    return error(request, 400, "invalid", "A number is out of range.")


@api.exception_handler(AuthenticationError)
def on_auth_error(request, exc):
    return error(
        request, 401, "unauthenticated", "A valid bearer token or a signed-in session is required."
    )


@api.exception_handler(Http404)
def on_not_found(request, exc):
    return error(request, 404, "not_found", "Not found.")


HTTP_ERROR_CODES = {
    400: "bad_request",
    403: "forbidden",
    404: "not_found",
    405: "not_allowed",
    413: "too_large",
    429: "throttled",
}


@api.exception_handler(HttpError)
def on_http_error(request, exc: HttpError):
    return error(request, exc.status_code, HTTP_ERROR_CODES.get(exc.status_code, "error"), str(exc))


def api_not_found(request, *args, **kwargs):
    """Unknown paths under /api/ answer in JSON too."""
    from django.http import JsonResponse

    return JsonResponse({"code": "not_found", "message": "No such API endpoint."}, status=404)


def _register_routers() -> None:
    from kivoucher.applications.api import router as applications
    from kivoucher.compute.api import router as compute
    from kivoucher.core.api import router as core
    from kivoucher.organizations.api import router as organizations
    from kivoucher.payments.api import router as payments
    from kivoucher.presale.api import router as presale
    from kivoucher.programmes.api import eligibility_router
    from kivoucher.programmes.api import router as programmes
    from kivoucher.projects.api import router as projects
    from kivoucher.providers.api import router as providers
    from kivoucher.reporting.api import router as reporting
    from kivoucher.webhooks.api import router as webhooks

    api.add_router("/v1/", core, tags=["account"])
    api.add_router("/v1/organisations", organizations, tags=["organisations"])
    api.add_router("/v1/organisations", eligibility_router, tags=["organisations"])
    api.add_router("/v1/programmes", programmes, tags=["programmes"])
    api.add_router("/v1/providers", providers, tags=["providers"])
    api.add_router("/v1/applications", applications, tags=["applications"])
    api.add_router("/v1/projects", projects, tags=["projects"])
    api.add_router("/v1/compute", compute, tags=["compute"])
    api.add_router("/v1/presale", presale, tags=["presale"])
    api.add_router("/v1/payments", payments, tags=["payments"])
    api.add_router("/v1/", reporting, tags=["reporting"])
    api.add_router("/v1/webhooks", webhooks, tags=["webhooks"])


_register_routers()
