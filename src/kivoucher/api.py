"""The JSON API: django-ninja under /api/v1/, OpenAPI at /api/openapi.json.

Every error is JSON `{"code": "...", "message": "..."}` with a 4xx status. The
document lists, for every operation, each error status it can answer with its
codes (`KiVoucherApi.get_openapi_schema`, `error_responses`).
"""

import re
from http import HTTPStatus

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError, IntegrityError
from django.http import Http404
from django.urls import URLPattern, include
from django.urls import path as url_path
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.parser import Parser
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import normalize_path

from kivoucher.core.api_errors import HTTP_ERROR_CODES, ApiError, RaisedError, errors_raised
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
        satisfied = two_factor_satisfied(user, getattr(request, "session", None))
        return user if user.is_authenticated and satisfied else None


class JsonObjectParser(Parser):
    """Every JSON body of the API is an object. ninja would read `true`, `1` or `[]`
    as a schema whose fields all have defaults; refused instead (400 `bad_request`)."""

    def parse_body(self, request):
        data = super().parse_body(request)
        if not isinstance(data, dict):
            raise ValueError("The body must be a JSON object.")
        return data


# The answers every operation of a kind can give, besides what its code raises.
UNAUTHENTICATED = RaisedError(
    401, "unauthenticated", "A valid bearer token or a signed-in session is required."
)
CSRF_FAILED = RaisedError(403, "forbidden", "CSRF check Failed")
REQUEST_INVALID = RaisedError(422, "validation_error", "body.payload.name: Field required")
INPUT_UNSTORABLE = RaisedError(
    400, "invalid", "The input cannot be stored (invalid characters or out of range)."
)
BODY_UNPARSABLE = RaisedError(400, "bad_request", "Cannot parse request body")
BODY_TOO_LARGE = RaisedError(413, "too_large", "The request is too large.")
NOT_FOUND = RaisedError(404, "not_found", "Not found.")
CONFLICT = RaisedError(409, "conflict", "The request conflicts with existing data.")
UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
BODY_SOURCES = {"body", "form", "file"}
ERROR_REF = {"$ref": "#/components/schemas/ApiError"}
HTTP_STATUSES = {s.value for s in HTTPStatus}


def error_responses(operation) -> list[RaisedError]:
    """Every error `operation` (a ninja Operation) can answer, by rule and by its code:

    - 401 for an operation that needs authentication (and what the authentication
      raises, e.g. `token_expired`);
    - 403 `forbidden` for a changing operation that accepts the session (CSRF check);
    - 422 for an operation with parameters or a body (request validation), and 400
      `invalid` (input the database cannot store);
    - 400 `bad_request` (unparsable body) and 413 for an operation with a body (413
      also for a body the view reads itself, described in `openapi_extra`);
    - 404 for one with path parameters (the object does not exist or is not visible);
    - 409 `conflict` for a changing operation (a constraint a concurrent request hit);
    - the domain errors its view function raises (kivoucher.core.api_errors).
    """
    found: set[RaisedError] = set(errors_raised(operation.view_func))
    sources = {m.__ninja_param_source__ for m in operation.models}
    unsafe = bool(UNSAFE_METHODS & set(operation.methods))
    for auth in operation.auth_callbacks:
        found.add(UNAUTHENTICATED)
        found |= errors_raised(type(auth).authenticate)
        if unsafe and isinstance(auth, APIKeyCookie) and auth.csrf:
            found.add(CSRF_FAILED)
    if sources:
        found |= {REQUEST_INVALID, INPUT_UNSTORABLE}
    if sources & BODY_SOURCES:
        found |= {BODY_UNPARSABLE, BODY_TOO_LARGE}
    if "requestBody" in (operation.openapi_extra or {}):
        found.add(BODY_TOO_LARGE)  # a body the view reads itself
    if "path" in sources:
        found.add(NOT_FOUND)
    if unsafe:
        found.add(CONFLICT)
    return sorted(found, key=lambda e: (e.status, e.code, e.message))


def _document_errors(details: dict, errors: list[RaisedError]) -> None:
    """Add each error status with the `{"code", "message"}` schema, its codes and an
    example of each to one operation of the document, and name the codes in its
    description."""
    by_status: dict[int, dict[str, str]] = {}
    for error in errors:
        codes = by_status.setdefault(error.status, {})
        if not codes.get(error.code):
            codes[error.code] = error.message
    responses = details.setdefault("responses", {})
    declared = {int(status): response for status, response in responses.items()}
    for status, response in declared.items():
        schema = response.get("content", {}).get("application/json", {}).get("schema")
        if 400 <= status < 500 and schema == ERROR_REF:
            by_status.setdefault(status, {})
    for status, codes in sorted(by_status.items()):
        if not codes:
            codes[HTTP_ERROR_CODES.get(status, "error")] = ""
        reason = HTTPStatus(status).phrase if status in HTTP_STATUSES else "Error"
        examples = {
            code: {"value": {"code": code, "message": message or f"{reason}."}}
            for code, message in sorted(codes.items())
        }
        if "validation_error" in examples:
            examples["validation_error"]["value"]["errors"] = [
                {"loc": ["body", "payload", "name"], "msg": "Field required"}
            ]
        response = declared.get(status)
        if response is None:
            schema = dict(ERROR_REF)
            response = responses[status] = {"content": {"application/json": {"schema": schema}}}
        elif response.get("content", {}).get("application/json", {}).get("schema") != ERROR_REF:
            continue  # an answer of its own (not the error schema): left as declared
        response["description"] = f"{reason}: " + ", ".join(f"`{c}`" for c in sorted(codes))
        response["content"]["application/json"]["examples"] = examples
    details["responses"] = {k: responses[k] for k in sorted(responses, key=int)}
    summary = "; ".join(
        ", ".join(f"`{c}`" for c in sorted(codes)) + f" ({status})"
        for status, codes in sorted(by_status.items())
    )
    if summary:
        description = details.get("description", "")
        details["description"] = (description + "\n\n" if description else "") + (
            f"Errors: {summary}."
        )


class KiVoucherApi(NinjaAPI):
    """NinjaAPI whose document lists every error each operation can answer, and whose
    URL patterns are grouped by their first two segments."""

    def _get_urls(self):
        """ninja's patterns, those of one literal prefix (`v1/compute/...`) in one
        include of their own: Django tries the patterns one after another, and the
        usage API was the 80th of 198. Patterns of different prefixes never match the
        same path, so the grouping changes no precedence."""
        result: list = []
        groups: dict[str, list] = {}
        for pattern in super()._get_urls():
            head, tail = _literal_prefix(pattern)
            if head is None:
                result.append(pattern)
                continue
            if head not in groups:
                groups[head] = []
                result.append(url_path(head, include(groups[head])))
            groups[head].append(url_path(tail, pattern.callback, name=pattern.name))
        return result

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        document = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        components = document["components"]["schemas"]
        if "ApiError" not in components:
            schema = ApiError.model_json_schema(ref_template="#/components/schemas/{model}")
            components.update(schema.pop("$defs", {}))
            components["ApiError"] = schema
        done: set[int] = set()
        for bound_router in self._get_bound_routers():
            for path, path_view in bound_router.path_operations.items():
                full_path = "/".join(i for i in (bound_router.prefix, path) if i)
                full_path = normalize_path("/" + document.path_prefix + full_path)
                full_path = re.sub(r"{[^}:]+:", "{", full_path)
                for operation in path_view.operations:
                    if not operation.include_in_schema:
                        continue
                    for method in operation.methods:
                        details = document["paths"][full_path][method.lower()]
                        if id(details) not in done:
                            done.add(id(details))
                            _document_errors(details, error_responses(operation))
        return document


def _literal_prefix(pattern) -> tuple[str | None, str]:
    """("v1/compute/", "usage") for the pattern of `v1/compute/usage`; (None, "") for a
    pattern whose first two segments are not both literal or that has no third."""
    parts = str(pattern.pattern).split("/", 2)
    if not isinstance(pattern, URLPattern) or len(parts) < 3 or "<" in parts[0] + parts[1]:
        return None, ""
    return f"{parts[0]}/{parts[1]}/", parts[2]


api = KiVoucherApi(
    title="KI-Voucher API",
    version="1",
    description="Programme API of the KI-Voucher platform. Authenticate with "
    "`Authorization: Bearer <token>` (`kivoucher create-token --user NAME`).",
    auth=[BearerToken(), Session()],
    parser=JsonObjectParser(),
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
    from kivoucher.invoicing.api import compute_router as compute_invoices
    from kivoucher.invoicing.api import presale_router as presale_invoices
    from kivoucher.invoicing.api import router as invoices
    from kivoucher.organizations.api import router as organizations
    from kivoucher.payments.api import router as payments
    from kivoucher.presale.api import router as presale
    from kivoucher.programmes.api import eligibility_router
    from kivoucher.programmes.api import router as programmes
    from kivoucher.projects.api import router as projects
    from kivoucher.providers.api import router as providers
    from kivoucher.recovery.api import router as recovery
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
    api.add_router("/v1/compute", compute_invoices, tags=["compute"])
    api.add_router("/v1/presale", presale, tags=["presale"])
    api.add_router("/v1/presale", presale_invoices, tags=["presale"])
    api.add_router("/v1/invoices", invoices, tags=["invoices"])
    api.add_router("/v1/payments", payments, tags=["payments"])
    api.add_router("/v1/", reporting, tags=["reporting"])
    api.add_router("/v1/webhooks", webhooks, tags=["webhooks"])
    api.add_router("/v1/recovery", recovery, tags=["recovery"])


_register_routers()
