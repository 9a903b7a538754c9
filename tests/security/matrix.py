"""The machinery of the generated authorisation matrix (see samples.py)."""

import re
from dataclasses import dataclass

from django.test import Client
from django.urls import URLResolver, get_resolver

from kivoucher.core.roles import Role
from kivoucher.organizations.models import Membership, Organisation
from tests.factories import OrganisationFactory, UserFactory
from tests.security import samples
from tests.security.samples import ANONYMOUS, Access

HOME_KIND = {
    Role.APPLICANT: Organisation.Kind.COMPANY,
    Role.PROVIDER: Organisation.Kind.PROVIDER,
    Role.DC_OPERATOR: Organisation.Kind.DATA_CENTRE,
    Role.BUYER: Organisation.Kind.COMPANY,
}
GROUP = re.compile(r"\(\?P<(\w+)>[^)]*\)|<(?:\w+:)?(\w+)>")
UNSAFE = ("POST", "PUT", "PATCH", "DELETE")


@dataclass(frozen=True)
class Route:
    key: str  # URL name ("ns:name") or, for unnamed patterns, the route
    route: str
    namespace: str
    kwargs: tuple[str, ...]

    def build(self, values: dict) -> str:
        path = self.route.replace("^", "").replace("$", "")
        path = GROUP.sub(lambda m: str(values[m.group(1) or m.group(2)]), path)
        path = path.replace("\\", "")
        return "/" + path


def url_routes() -> list[Route]:
    found: list[Route] = []

    def walk(resolver, prefix: str, namespaces: tuple[str, ...]):
        for pattern in resolver.url_patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                ns = (*namespaces, pattern.namespace) if pattern.namespace else namespaces
                walk(pattern, route, ns)
                continue
            name = ":".join((*namespaces, pattern.name)) if pattern.name else route
            kwargs = tuple(m.group(1) or m.group(2) for m in GROUP.finditer(route))
            found.append(Route(name, route, ":".join(namespaces), kwargs))

    walk(get_resolver(), "", ())
    return found


def page_routes() -> list[Route]:
    api_ops = {n for n in api_operation_names()}
    return [
        r
        for r in url_routes()
        if not (r.namespace == samples.API_NAMESPACE and r.key in api_ops)
        and r.key not in samples.EXCLUDED
    ]


def api_operation_names() -> set[str]:
    """URL names of ninja operations (the API half covers them)."""
    return {
        r.key for r in _all_api_routes() if r.key not in {"api:openapi-json", "api:openapi-view"}
    }


def _all_api_routes() -> list[Route]:
    return [r for r in url_routes_cached() if r.namespace == samples.API_NAMESPACE]


_CACHE: dict = {}


def url_routes_cached() -> list[Route]:
    if "routes" not in _CACHE:
        _CACHE["routes"] = url_routes()
    return _CACHE["routes"]


def openapi_document() -> dict:
    if "openapi" not in _CACHE:
        from kivoucher.api import api

        _CACHE["openapi"] = api.get_openapi_schema()
    return _CACHE["openapi"]


def api_operations() -> list[tuple[str, str, dict]]:
    ops = []
    for path, item in openapi_document()["paths"].items():
        for method, op in item.items():
            if method.upper() in {"GET", *UNSAFE}:
                ops.append((f"{method.upper()} {path}", path, op))
    return ops


def page_access(route: Route) -> Access | None:
    if route.key in samples.PAGES:
        return samples.PAGES[route.key]
    for namespace, access in samples.NAMESPACES.items():
        if route.namespace == namespace or route.namespace.startswith(namespace + ":"):
            return access
    return None


def sample_factory(key: str, namespace: str, kwarg: str):
    if f"{key}:{kwarg}" in samples.SAMPLES:
        return samples.SAMPLES[f"{key}:{kwarg}"]
    if key.startswith(("GET ", "POST ", "PUT ", "PATCH ", "DELETE ")):
        path = key.split(" ", 1)[1]
        for prefix, name, factory in samples.SAMPLES_BY_PREFIX:
            if name == kwarg and path.startswith(prefix):
                return factory
    for candidate in (f"{namespace}:{kwarg}" if namespace else None, kwarg):
        if candidate and candidate in samples.SAMPLES:
            return samples.SAMPLES[candidate]
    return None


class Cast:
    """One user per role, each a member of an organisation of its kind, plus foreign ones."""

    def __init__(self):
        from tests.conftest import login_client
        from tests.security import objects

        objects.reset()

        self.users, self.orgs, self.clients, self.api_clients = {}, {}, {}, {}
        from kivoucher.core.tokens import api_token_create

        for role in samples.MATRIX_ROLES:
            if role == ANONYMOUS:
                self.clients[role] = Client()
                self.api_clients[role] = Client()
                continue
            is_admin = role == Role.PROGRAMME_ADMIN
            user = UserFactory(role=role, is_staff=is_admin, is_superuser=is_admin)
            self.users[role] = user
            if role in HOME_KIND:
                org = OrganisationFactory(kind=HOME_KIND[role])
                Membership.objects.create(user=user, organisation=org)
                self.orgs[role] = org
            self.clients[role] = login_client(Client(), user)
            _token, key = api_token_create(user=user)
            self.api_clients[role] = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
        self._foreign: dict = {}

    def own_org(self, role) -> Organisation | None:
        return self.orgs.get(role)

    def foreign_org(self, role) -> Organisation:
        kind = HOME_KIND.get(role, Organisation.Kind.COMPANY)
        if kind not in self._foreign:
            self._foreign[kind] = OrganisationFactory(kind=kind)
        return self._foreign[kind]


def describe(response) -> str:
    location = response.headers.get("Location", "")
    return f"{response.status_code}{' -> ' + location if location else ''}"


def expect_page(access: Access, role: str, response, *, own: bool | None) -> str | None:
    """None when the response is what `access` allows for `role`, else the expectation."""
    status = response.status_code
    if status >= 500:
        return "no server error"
    if not access.get and response.request["REQUEST_METHOD"] == "GET":
        if role == ANONYMOUS and not access.public:
            location = response.headers.get("Location", "")
            if status == 302 and location.startswith(access.login_url):
                return None
        return None if status == 405 else "405 (POST-only action)"
    if role == ANONYMOUS:
        if access.public:
            return None if status in access.ok else f"one of {access.ok} (public)"
        location = response.headers.get("Location", "")
        return (
            None
            if status == 302 and location.startswith(access.login_url)
            else (f"302 to {access.login_url} (sign-in required)")
        )
    if role in access.roles:
        if own is False and role in access.own_only:
            return None if status == 404 else "404 (foreign object: no existence leak)"
        return None if status in access.ok else f"one of {access.ok} (allowed)"
    if access.refuse_by_login:
        location = response.headers.get("Location", "")
        return (
            None
            if status == 302 and location.startswith(access.login_url)
            else (f"302 to {access.login_url} (refused)")
        )
    if access.public:
        return None if status in access.ok else f"one of {access.ok} (public)"
    return None if status in access.refused else f"one of {access.refused} (refused)"


def expect_api(access: Access, role: str, response, *, own: bool | None, method: str) -> str | None:
    status = response.status_code
    if status >= 500:
        return "no server error"
    if role == ANONYMOUS and not access.public:
        return None if status == 401 else "401 (token required)"
    allowed = access.public or role in access.roles
    if method != "GET":
        if allowed and own is False and role in access.own_only:
            # Without a valid body the request may fail validation first; it must
            # never succeed or reveal the foreign object with a 403.
            ok = status not in (403,) and not 200 <= status < 300
            return None if ok else "404 or a validation error (foreign object)"
        if allowed:
            return None  # a real request body is the fuzzer's business
        return None if 400 <= status < 500 else "a 4xx refusal"
    if allowed:
        if own is False and role in access.own_only:
            return None if status == 404 else "404 (foreign object: no existence leak)"
        return None if status in access.ok else f"one of {access.ok} (allowed)"
    return None if status in access.refused else f"one of {access.refused} (refused)"
