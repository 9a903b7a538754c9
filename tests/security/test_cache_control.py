"""Answers to a signed-in person carry `Cache-Control: no-store`; public pages do not."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def _directives(response) -> set[str]:
    return {d.strip() for d in response.headers.get("Cache-Control", "").split(",") if d.strip()}


def test_signed_in_pages_are_not_stored(user_factory, client_for):
    client = client_for(user_factory(role="applicant"))
    response = client.get("/home/")
    assert response.status_code == 200
    assert {"no-store", "private"} <= _directives(response)


def test_api_answers_to_a_token_are_not_stored(user_factory, api_client_for):
    response = api_client_for(user_factory(role="applicant")).get("/api/v1/me")
    assert response.status_code == 200
    assert {"no-store", "private"} <= _directives(response)


def test_api_answers_to_a_session_are_not_stored(user_factory, client_for):
    response = client_for(user_factory(role="applicant")).get("/api/v1/me")
    assert response.status_code == 200
    assert {"no-store", "private"} <= _directives(response)


@pytest.mark.parametrize("url", ["/", "/statistics/", "/api/v1/public/statistics"])
def test_public_pages_are_unchanged(url):
    response = Client().get(url)
    assert response.status_code == 200
    assert "no-store" not in _directives(response)


def test_an_explicit_cache_control_is_kept(user_factory, client_for):
    client = client_for(user_factory(role="applicant"))
    # The sign-in step's own `never_cache` header is not replaced.
    response = client.get("/accounts/two-factor/")
    assert "must-revalidate" in _directives(response)
