"""The authorisation matrix, generated from the URL configuration and the OpenAPI
document: every page and API operation, called as every role (and anonymously),
with objects of the caller's own and of a foreign organisation.

Who may use what lives in samples.py; a page or operation without an entry there,
or with a URL parameter no sample factory can fill, fails with its name.
"""

import pytest

from tests.security import samples
from tests.security.matrix import (
    UNSAFE,
    Cast,
    api_operations,
    describe,
    expect_api,
    expect_page,
    page_access,
    page_routes,
    sample_factory,
)
from tests.security.samples import ANONYMOUS

pytestmark = pytest.mark.django_db

PAGES = page_routes()
OPERATIONS = api_operations()


def _missing_page_setup(route) -> list[str]:
    problems = []
    if page_access(route) is None:
        problems.append(
            f"URL {route.key!r} (/{route.route}) is not classified: add it to "
            f"tests/security/samples.py PAGES, e.g. {route.key!r}: SIGNED_IN"
        )
    for kwarg in route.kwargs:
        if sample_factory(route.key, route.namespace, kwarg) is None:
            problems.append(
                f"URL {route.key!r} (/{route.route}) cannot be exercised: no sample for "
                f"{kwarg!r}; add SAMPLES[{kwarg!r}] or SAMPLES['{route.key}:{kwarg}'] "
                "= lambda org: <id of an object owned by org>"
            )
    return problems


def _values(route_key, namespace, kwargs, org, registry=None) -> dict:
    return {k: sample_factory(route_key, namespace, k)(org) for k in kwargs}


@pytest.mark.parametrize("route", PAGES, ids=lambda r: r.key)
def test_page_access_for_every_role(route):
    problems = _missing_page_setup(route)
    assert not problems, "\n".join(problems)
    access = page_access(route)
    cast = Cast()
    if route.key in samples.SETUP:
        samples.SETUP[route.key](cast)
    failures = []
    for role in samples.MATRIX_ROLES:
        client = cast.clients[role]
        cases = []
        if route.kwargs and role in access.own_only:
            cases = [(True, cast.own_org(role)), (False, cast.foreign_org(role))]
        else:
            cases = [(None, cast.own_org(role) or cast.foreign_org(role))]
        for own, org in cases:
            url = route.build(_values(route.key, route.namespace, route.kwargs, org))
            response = client.get(url)
            wrong = expect_page(access, role, response, own=own)
            if wrong:
                failures.append(f"{role:16} GET  {url}: got {describe(response)}, expected {wrong}")
            allowed = access.public or role in access.roles
            if own is False:
                # A foreign object is not there for a write either.
                response = client.post(url, {})
                if response.status_code != 404:
                    failures.append(
                        f"{role:16} POST {url}: got {describe(response)}, expected 404 "
                        "(foreign object)"
                    )
            elif not allowed:
                response = client.post(url, {})
                status = response.status_code
                location = response.headers.get("Location", "")
                refused = status in (403, 404, 405) or (
                    status == 302 and location.startswith(access.login_url)
                )
                if not refused:
                    failures.append(
                        f"{role:16} POST {url}: got {describe(response)}, expected a refusal"
                    )
    assert not failures, f"{route.key}:\n" + "\n".join(failures)


@pytest.mark.parametrize("operation", OPERATIONS, ids=lambda o: o[0])
def test_api_operation_access_for_every_role(operation):
    key, path, spec = operation
    method = key.split(" ", 1)[0]
    access = samples.API.get(key)
    assert access is not None, (
        f"API operation {key!r} is not classified: add it to tests/security/samples.py API, "
        f"e.g. {key!r}: SIGNED_IN"
    )
    params = [p for p in spec.get("parameters", []) if p["in"] == "path"]
    query = [p for p in spec.get("parameters", []) if p["in"] == "query" and p.get("required")]
    problems = [
        f"API operation {key!r} cannot be exercised: no sample for path parameter "
        f"{p['name']!r}; add SAMPLES[{p['name']!r}] or SAMPLES['{key}:{p['name']}']"
        for p in params
        if sample_factory(key, "", p["name"]) is None
    ] + [
        f"API operation {key!r} cannot be exercised: no sample for required query parameter "
        f"{p['name']!r}; add QUERY['{key}:{p['name']}']"
        for p in query
        if f"{key}:{p['name']}" not in samples.QUERY
    ]
    assert not problems, "\n".join(problems)
    is_public = not spec.get("security")
    assert access.public == is_public, (
        f"{key}: the registry says public={access.public}, the OpenAPI document "
        f"says {'no' if is_public else 'an'} authentication is needed"
    )
    cast = Cast()
    if key in samples.SETUP:
        samples.SETUP[key](cast)
    failures = []
    for role in samples.MATRIX_ROLES:
        client = cast.api_clients[role]
        if params and role in access.own_only:
            cases = [(True, cast.own_org(role)), (False, cast.foreign_org(role))]
        else:
            cases = [(None, cast.own_org(role) or cast.foreign_org(role))]
        for own, org in cases:
            url = path
            for p in params:
                value = sample_factory(key, "", p["name"])(org)
                url = url.replace("{" + p["name"] + "}", str(value))
            data = {p["name"]: samples.QUERY[f"{key}:{p['name']}"](org) for p in query}
            if method == "GET":
                response = client.get(url, data)
            else:
                response = client.generic(method, url, "{}", content_type="application/json")
            wrong = expect_api(access, role, response, own=own, method=method)
            if wrong:
                failures.append(f"{role:16} {method} {url}: got {describe(response)}, {wrong}")
    assert not failures, f"{key}:\n" + "\n".join(failures)


def test_every_page_and_operation_is_registered():
    """All gaps at once (the per-URL tests fail too), with lines to paste."""
    problems = [p for route in PAGES for p in _missing_page_setup(route)]
    problems += [
        f"API operation {key!r} is not classified: add {key!r}: SIGNED_IN (or the right "
        "Access) to tests/security/samples.py API"
        for key, _path, _spec in OPERATIONS
        if key not in samples.API
    ]
    assert not problems, f"{len(problems)} gap(s) in the matrix:\n" + "\n".join(problems)


def test_registry_names_only_existing_pages_and_operations():
    keys = {r.key for r in page_routes()}
    stale_pages = sorted(set(samples.PAGES) - keys)
    stale_api = sorted(set(samples.API) - {o[0] for o in OPERATIONS})
    assert not stale_pages and not stale_api, (
        f"entries in tests/security/samples.py without a page: {stale_pages}; "
        f"without an API operation: {stale_api}"
    )


def test_matrix_covers_all_roles():
    assert samples.MATRIX_ROLES[0] == ANONYMOUS
    assert len(set(samples.MATRIX_ROLES)) == 9
    assert {m for m in UNSAFE} == {"POST", "PUT", "PATCH", "DELETE"}
