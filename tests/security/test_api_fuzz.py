"""API fuzzing: schemathesis generates requests from /api/openapi.json, valid ones
and invalid ones, and sends them through the Django WSGI app with the bearer token
of every role (and none). No answer may be a server error, have a status the
document does not list for the operation, or a body outside its schema; invalid
input must be refused with a 4xx."""

import os

import pytest
import schemathesis
from django.db import connection
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

from kivoucher.core.roles import Role
from kivoucher.core.tokens import api_token_create
from kivoucher.wsgi import application
from tests.factories import OrganisationFactory, ProgrammeFactory, UserFactory, member_of

pytestmark = pytest.mark.django_db

# Bounded so that the whole suite stays fast: examples per operation (positive and
# negative), each sent as every role.
MAX_EXAMPLES = int(os.environ.get("KIVOUCHER_FUZZ_EXAMPLES", 6))
# KIVOUCHER_FUZZ_COVERAGE=1 adds schemathesis' coverage phase: every boundary and
# every kind of invalid value of every parameter (minutes, not for every run).
COVERAGE = os.environ.get("KIVOUCHER_FUZZ_COVERAGE") == "1"
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    negative_data_rejection,
]


def _schema():
    from kivoucher.api import api

    config = schemathesis.Config.from_dict(
        {
            "generation": {
                "mode": "all",
                "max-examples": MAX_EXAMPLES,
                "deterministic": True,
                # The test sends each role's token itself.
                "with-security-parameters": False,
            },
            "phases": {"coverage": {"enabled": COVERAGE}},
        }
    )
    loaded = schemathesis.openapi.from_dict(api.get_openapi_schema(), config=config)
    loaded.app = application
    return loaded


schema = _schema()


@pytest.fixture
def role_headers(db):
    """Authorization headers of one user per role (organisation roles with an organisation)."""
    ProgrammeFactory()
    headers = {"anonymous": {}}
    for role in Role:
        if role in {Role.APPLICANT, Role.PROVIDER, Role.DC_OPERATOR, Role.BUYER}:
            user = member_of(OrganisationFactory(), role=role)
        else:
            user = UserFactory(role=role)
        _token, key = api_token_create(user=user)
        headers[role.value] = {"Authorization": f"Bearer {key}"}
    return headers


@pytest.fixture
def keep_connection():
    """Calling the WSGI app directly sends request_started/finished, on which Django
    closes the database connection (and so the test's transaction); the test client
    avoids this the same way."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(max_examples=MAX_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_answers_every_role_within_its_schema(case, role_headers, keep_connection):
    for headers in role_headers.values():
        response = case.call(headers=headers)
        case.validate_response(response, checks=CHECKS, headers=headers)


def test_nul_characters_and_huge_numbers_are_client_errors(api_client_for, client_for):
    """Found by fuzzing on PostgreSQL (text cannot hold NUL): a 400, never a 500."""
    ProgrammeFactory()
    user = UserFactory(role=Role.CASEWORKER)
    api = api_client_for(user)
    assert api.get("/api/v1/programmes/%00/categories").status_code == 400
    response = api.get("/api/v1/organisations/1/eligibility?programme=ki%00")
    assert response.status_code == 400 and response.json()["code"] == "invalid"
    assert api.get("/api/v1/organisations/99999999999999999999").status_code == 404
    assert client_for(user).get("/home/?q=%00").status_code == 400
    org = member_of(OrganisationFactory(), role=Role.APPLICANT)
    patch = api_client_for(org).patch(
        f"/api/v1/organisations/{org.memberships.get().organisation_id}",
        '{"name": "a\\u0000b"}',
        content_type="application/json",
    )
    assert patch.status_code == 400


def test_integer_filters_beyond_64_bits_are_client_errors(api_client_for):
    """Found by fuzzing on SQLite: ?call=2**64 raised OverflowError in its driver (500).
    PostgreSQL compares such a number as numeric and finds nothing."""
    staff = api_client_for(UserFactory(role=Role.CASEWORKER))
    response = staff.get(f"/api/v1/applications/queue?call={2**64}")
    if connection.vendor == "sqlite":
        assert (response.status_code, response.json()["code"]) == (400, "invalid")
    else:
        assert (response.status_code, response.json()) == (200, [])


def test_null_for_a_required_field_is_a_client_error(api_client_for):
    """Found by fuzzing on PostgreSQL: {"bic": null} reached the database (500)."""
    org = OrganisationFactory()
    user = member_of(org, role=Role.APPLICANT)
    client = api_client_for(user)
    response = client.patch(
        f"/api/v1/organisations/{org.pk}", '{"bic": null}', content_type="application/json"
    )
    assert response.status_code == 400 and "bic" in response.json()["message"]
    ok = client.patch(
        f"/api/v1/organisations/{org.pk}",
        '{"founded_on": null, "city": "Jena"}',
        content_type="application/json",
    )
    assert ok.status_code == 200 and ok.json()["city"] == "Jena"


def test_malformed_session_cookie_is_ignored():
    """Found by fuzzing on PostgreSQL: a session cookie with a NUL byte reached the
    session query and was a 500; a malformed session id is now treated as absent."""
    from django.test import Client

    client = Client(HTTP_COOKIE="sessionid=00000000\x00abc")
    response = client.post(
        "/api/v1/compute/usage", {"records": []}, content_type="application/json"
    )
    assert response.status_code == 401
    assert client.get("/home/").status_code == 302


def test_a_json_body_that_is_no_object_is_refused(api_client_for):
    """Found by fuzzing (schemathesis 4, negative data): `true`, `1` or `[]` as the
    body was read as a schema with all defaults, and a token was created."""
    client = api_client_for(UserFactory(role=Role.APPLICANT))
    for body in ("true", "1", "[]", '"name"', "null"):
        response = client.post("/api/v1/tokens", body, content_type="application/json")
        assert (response.status_code, response.json()["code"]) == (400, "bad_request"), body
    assert client.post("/api/v1/tokens", "{}", content_type="application/json").status_code == 201


def test_a_date_filter_is_an_iso_date(api_client_for):
    """Found by fuzzing (coverage phase): ?date_to=0 was read as a Unix time."""
    staff = api_client_for(UserFactory(role=Role.CASEWORKER))
    for value in ("0", "2024-01-01T00:00:00"):
        response = staff.get(f"/api/v1/reporting/dashboard?date_to={value}")
        assert (response.status_code, response.json()["code"]) == (422, "validation_error")
    assert staff.get("/api/v1/reporting/dashboard?date_to=2024-01-31").status_code == 200


def test_a_period_ending_in_the_first_years_of_the_calendar_is_no_server_error(api_client_for):
    """Found by fuzzing on PostgreSQL: ?date_to=0001-01-01 (the de-minimis window
    reaches three years back, before year 1) was a ValueError (500)."""
    staff = api_client_for(UserFactory(role=Role.CASEWORKER))
    for value in ("0001-01-01", "0003-02-28", "0004-02-29", "9999-12-31"):
        response = staff.get(f"/api/v1/reporting/dashboard?date_to={value}")
        assert response.status_code == 200, value


def test_onboarding_for_an_unknown_organisation_is_a_documented_404(api_client_for):
    """Found by fuzzing: the 404 of an organisation looked up through an import inside
    the view function was not in the document."""
    from tests.e2e.openapi_check import CheckedApi

    staff = CheckedApi(api_client_for(UserFactory(role=Role.PROGRAMME_ADMIN)))
    body = {
        "organisation": 999999,
        "code": "dc-x",
        "location_city": "Jena",
        "location_country": "DE",
        "operator_name": "X",
    }
    response = staff.post("/api/v1/compute/data-centres", body)
    assert (response.status_code, response.json()["code"]) == (404, "not_found")
