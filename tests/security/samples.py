"""The registry behind the generated authorisation matrix (test_matrix.py).

The matrix walks every URL pattern (django.urls.get_resolver) and every
operation of /api/openapi.json and calls each as every role. It needs to know
two things per page or operation, and it FAILS, naming the URL, when either is
missing, so a new page or endpoint cannot slip through:

1. who may use it: an `Access` in PAGES (keyed by the URL name, e.g.
   "applications:detail" or "home"; unnamed patterns by their route), in
   NAMESPACES (a whole URL namespace) or in API (keyed "METHOD /api/v1/path"
   exactly as in the OpenAPI document);
2. how to fill its URL parameters: SAMPLES maps a URL kwarg / path parameter
   name (or, more specific, "<url name or API key>:<kwarg>") to a factory
   `factory(org) -> value` that creates an object OWNED BY `org` and returns
   the value to put into the URL. The matrix calls it once with the caller's
   own organisation and once with a foreign one (foreign objects must be 404,
   never 403: no existence leak). QUERY does the same for required query
   parameters of API operations.

When a line merges, add its pages/operations here (one line each, the failure
message prints a suggestion) and its sample factories (in tests/<line>/factories.py,
imported lazily inside the lambdas).
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from kivoucher.core.roles import ACTING_STAFF_ROLES, STAFF_ROLES, Role

ANONYMOUS = "anonymous"
ORG_ROLES = frozenset({Role.APPLICANT, Role.PROVIDER, Role.DC_OPERATOR, Role.BUYER})
ALL_ROLES = frozenset(ORG_ROLES | STAFF_ROLES)
# The roles the matrix signs in as (anonymous first), in a stable order.
MATRIX_ROLES = [
    ANONYMOUS,
    Role.APPLICANT,
    Role.PROVIDER,
    Role.DC_OPERATOR,
    Role.CASEWORKER,
    Role.APPROVER,
    Role.PROGRAMME_ADMIN,
    Role.AUDITOR,
    Role.BUYER,
]


@dataclass(frozen=True)
class Access:
    """Who may use a page or API operation.

    public:   anonymous callers get `ok` too (otherwise pages redirect them to
              `login_url`, the API answers 401).
    roles:    signed-in roles that get `ok`; every other role is refused
              (`refused` statuses, or a redirect to `login_url` when
              `refuse_by_login=True`, as the Django admin does).
    own_only: roles among `roles` that may only see objects of their own
              organisation: own object -> `ok`, foreign object -> 404.
    get:      False for POST-only actions: GET answers 405 for everyone.
    """

    public: bool = False
    roles: frozenset = ALL_ROLES
    own_only: frozenset = frozenset()
    ok: tuple = (200,)
    refused: tuple = (403, 404)
    get: bool = True
    login_url: str = "/accounts/login/"
    refuse_by_login: bool = False
    note: str = field(default="", compare=False)


PUBLIC = Access(public=True)
SIGNED_IN = Access()
STAFF_ONLY = Access(roles=STAFF_ROLES)
ACTING_STAFF = Access(roles=ACTING_STAFF_ROLES)
POST_ONLY_ACTION = Access(public=True, get=False)
# The Django admin: only accounts with is_staff (the programme admin) get in;
# everyone else is sent to the admin login. Object pages may redirect or 404.
ADMIN = Access(
    roles=frozenset({Role.PROGRAMME_ADMIN}),
    ok=(200, 302, 403, 404),
    login_url="/admin/login/",
    refuse_by_login=True,
)


def members(*roles, staff=STAFF_ROLES, ok=(200,)) -> Access:
    """Objects of an organisation: its members (of these roles) and staff."""
    return Access(roles=frozenset(roles) | frozenset(staff), own_only=frozenset(roles), ok=ok)


# --- Pages (URL name -> Access) -----------------------------------------------
PAGES: dict[str, Access] = {
    "index": PUBLIC,
    "healthz": PUBLIC,
    "login": PUBLIC,
    "logout": POST_ONLY_ACTION,
    "set_language": Access(public=True, ok=(204, 302)),
    "api:openapi-json": PUBLIC,
    "api:openapi-view": PUBLIC,
    "home": SIGNED_IN,
    # Non-staff are sent on; staff with a device are shown the code form.
    "otp-verify": Access(ok=(200, 302)),
    "otp-setup": Access(ok=(200, 302)),
    "personal-data": SIGNED_IN,
    "organisation-export": members(*ORG_ROLES),
    "admin:login": Access(public=True, ok=(200, 302)),
    "admin:logout": Access(public=True, ok=(302, 405)),
}

# Whole namespaces (checked after PAGES).
NAMESPACES: dict[str, Access] = {"admin": ADMIN}

# URL namespaces that the API half covers operation by operation.
API_NAMESPACE = "api"

# --- API operations ("METHOD /path" as in /api/openapi.json -> Access) --------
API: dict[str, Access] = {
    "GET /api/v1/me": SIGNED_IN,
    "GET /api/v1/organisations": SIGNED_IN,
    "GET /api/v1/organisations/{org_id}": members(*ORG_ROLES),
    "PATCH /api/v1/organisations/{org_id}": members(*ORG_ROLES, staff=ACTING_STAFF_ROLES),
    "GET /api/v1/organisations/{org_id}/eligibility": members(*ORG_ROLES),
    "GET /api/v1/organisations/{org_id}/export": members(*ORG_ROLES),
    "GET /api/v1/programmes": PUBLIC,
    "GET /api/v1/programmes/calls": PUBLIC,
    "GET /api/v1/programmes/{code}/categories": PUBLIC,
}


# --- Sample objects for URL parameters -----------------------------------------
def _programme_code(org) -> str:
    from tests.factories import ProgrammeFactory

    return ProgrammeFactory().code


Factory = Callable[[Any], Any]

SAMPLES: dict[str, Factory] = {
    "org_id": lambda org: org.pk,
    "GET /api/v1/programmes/{code}/categories:code": _programme_code,
    # The Django admin checks is_staff before it looks objects up.
    "admin:object_id": lambda org: "1",
    "admin:content_type_id": lambda org: "1",
    "admin:pk": lambda org: "1",
    "admin:id": lambda org: "1",
    "admin:app_label": lambda org: "core",
    "admin:url": lambda org: "no-such-page/",
}

# Required query parameters of API operations.
QUERY: dict[str, Factory] = {
    "GET /api/v1/organisations/{org_id}/eligibility:programme": _programme_code,
}

# Patterns deliberately not exercised, with the reason (keep this short).
EXCLUDED: dict[str, str] = {
    "api:api-root": "ninja's mount point of the API, not a page (404 by design)",
}
