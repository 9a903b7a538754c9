"""API tokens expire, record when they were last used (to the hour) and can be
listed and revoked by their owner, on the page and through the API."""

import io
import re
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kivoucher.core.errors import DomainError
from kivoucher.core.models import ApiToken, AuditEvent
from kivoucher.core.roles import Role
from kivoucher.core.tokens import api_token_create, api_token_revoke

pytestmark = pytest.mark.django_db


def _bearer(key: str) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {key}")


def _expire(token: ApiToken) -> None:
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(minutes=1))


# --- expiry -------------------------------------------------------------------


def test_a_new_token_expires_after_the_configured_days(user_factory, settings):
    settings.KIVOUCHER_API_TOKEN_DAYS = 30
    before = timezone.now()
    token, _key = api_token_create(user=user_factory())
    assert before + timedelta(days=30) <= token.expires_at <= timezone.now() + timedelta(days=30)


def test_an_earlier_expiry_may_be_chosen_but_not_a_later_or_past_one(user_factory, settings):
    settings.KIVOUCHER_API_TOKEN_DAYS = 30
    user = user_factory()
    soon = timezone.now() + timedelta(days=7)
    token, _key = api_token_create(user=user, expires_at=soon)
    assert token.expires_at == soon
    with pytest.raises(DomainError) as later:
        api_token_create(user=user, expires_at=timezone.now() + timedelta(days=31))
    assert later.value.code == "invalid_expiry"
    with pytest.raises(DomainError):
        api_token_create(user=user, expires_at=timezone.now() - timedelta(seconds=1))


def test_an_expired_token_is_refused_with_its_own_message(user_factory):
    token, key = api_token_create(user=user_factory())
    assert _bearer(key).get("/api/v1/me").status_code == 200
    _expire(token)
    response = _bearer(key).get("/api/v1/me")
    assert response.status_code == 401
    body = response.json()
    assert body["code"] == "token_expired"
    assert "expired" in body["message"] or "abgelaufen" in body["message"]


def test_an_expired_token_cannot_write_either(user_factory):
    token, key = api_token_create(user=user_factory(role=Role.DC_OPERATOR))
    _expire(token)
    client = Client(enforce_csrf_checks=True, HTTP_AUTHORIZATION=f"Bearer {key}")
    response = client.post(
        "/api/v1/compute/usage", {"records": []}, content_type="application/json"
    )
    assert (response.status_code, response.json()["code"]) == (401, "token_expired")


def test_create_token_command_takes_days(user_factory, settings):
    settings.KIVOUCHER_API_TOKEN_DAYS = 365
    user_factory(username="dc")
    out = io.StringIO()
    call_command("create_token", user="dc", days=10, stdout=out)
    token = ApiToken.objects.get()
    assert (
        timezone.now() + timedelta(days=9)
        < token.expires_at
        < timezone.now() + timedelta(days=10, seconds=1)
    )
    with pytest.raises(CommandError):
        call_command("create_token", user="dc", days=400, stdout=io.StringIO())


# --- last use -----------------------------------------------------------------


def _token_updates(queries) -> list[str]:
    return [q["sql"] for q in queries if q["sql"].startswith("UPDATE") and "apitoken" in q["sql"]]


def test_last_use_is_recorded_at_most_once_an_hour(user_factory):
    token, key = api_token_create(user=user_factory())
    assert token.last_used_at is None
    client = _bearer(key)
    with CaptureQueriesContext(connection) as first:
        assert client.get("/api/v1/me").status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is not None
    assert len(_token_updates(first.captured_queries)) == 1
    recorded = token.last_used_at

    with CaptureQueriesContext(connection) as second:
        assert client.get("/api/v1/me").status_code == 200
    assert _token_updates(second.captured_queries) == []
    token.refresh_from_db()
    assert token.last_used_at == recorded

    ApiToken.objects.filter(pk=token.pk).update(last_used_at=recorded - timedelta(hours=2))
    assert client.get("/api/v1/me").status_code == 200
    token.refresh_from_db()
    assert token.last_used_at > recorded - timedelta(minutes=1)


# --- the owner's API ------------------------------------------------------------


def test_the_api_lists_only_ones_own_tokens(user_factory, django_assert_num_queries):
    owner, other = user_factory(), user_factory()
    mine, key = api_token_create(user=owner, name="bridge")
    api_token_create(user=other, name="not mine")
    revoked, _ = api_token_create(user=owner, name="old")
    api_token_revoke(token=revoked)
    client = _bearer(key)
    client.get("/api/v1/me")  # the first use records last_used_at
    with django_assert_num_queries(2):  # the token with its user, then the list
        body = client.get("/api/v1/tokens").json()
    assert [(t["name"], t["state"]) for t in body] == [("old", "revoked"), ("bridge", "active")]
    assert all("token" not in t and "key_hash" not in t for t in body)
    assert body[1]["prefix"] == mine.prefix


def test_the_api_creates_a_token_shown_once(user_factory, client_for):
    user = user_factory()
    client = client_for(user)
    response = client.post("/api/v1/tokens", {"name": "script"}, content_type="application/json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["state"] == "active" and body["name"] == "script"
    assert _bearer(body["token"]).get("/api/v1/me").json()["username"] == user.username
    listed = client.get("/api/v1/tokens").json()
    assert "token" not in listed[0]


def test_a_token_made_with_a_token_does_not_outlive_it(user_factory):
    user = user_factory()
    parent, key = api_token_create(user=user, expires_at=timezone.now() + timedelta(days=3))
    client = _bearer(key)
    response = client.post("/api/v1/tokens", {}, content_type="application/json")
    assert response.status_code == 201
    child = ApiToken.objects.get(pk=response.json()["id"])
    assert child.expires_at <= parent.expires_at
    later = (timezone.now() + timedelta(days=10)).isoformat()
    response = client.post("/api/v1/tokens", {"expires_at": later}, content_type="application/json")
    assert (response.status_code, response.json()["code"]) == (400, "invalid_expiry")


def test_the_api_revokes_ones_own_token_and_only_that(user_factory):
    owner, other = user_factory(), user_factory()
    spare, spare_key = api_token_create(user=owner)
    theirs, theirs_key = api_token_create(user=other)
    _current, key = api_token_create(user=owner)
    client = _bearer(key)
    assert client.delete(f"/api/v1/tokens/{theirs.pk}").status_code == 404
    assert _bearer(theirs_key).get("/api/v1/me").status_code == 200
    assert client.delete(f"/api/v1/tokens/{spare.pk}").status_code == 204
    assert _bearer(spare_key).get("/api/v1/me").status_code == 401
    assert client.delete(f"/api/v1/tokens/{spare.pk}").status_code == 204  # again: no change
    actions = list(
        AuditEvent.objects.filter(object_id=str(spare.pk), object_type="core.apitoken")
        .order_by("seq")
        .values_list("action", flat=True)
    )
    assert actions == ["core.apitoken.created", "core.apitoken.revoked"]


def test_the_token_operations_are_documented():
    doc = Client().get("/api/openapi.json").json()
    assert set(doc["paths"]["/api/v1/tokens"]) == {"get", "post"}
    revoke = doc["paths"]["/api/v1/tokens/{token_id}"]["delete"]["responses"]
    assert {"204", "401", "404"} <= set(revoke)


# --- the owner's page -----------------------------------------------------------


def test_the_page_lists_ones_own_tokens(user_factory, client_for):
    owner = user_factory()
    mine, _ = api_token_create(user=owner, name="slurm bridge")
    theirs, _ = api_token_create(user=user_factory(), name="someone else's")
    page = client_for(owner).get("/account/tokens/")
    assert page.status_code == 200
    text = page.content.decode()
    assert mine.prefix in text and "slurm bridge" in text
    assert theirs.prefix not in text and "someone else" not in text
    assert "no-store" in page.headers["Cache-Control"]


def test_the_page_creates_a_token_and_shows_it_once(user_factory, client_for):
    owner = user_factory()
    client = client_for(owner)
    day = timezone.localdate() + timedelta(days=5)
    response = client.post(
        "/account/tokens/",
        {"action": "create", "name": "nightly export", "expires_on": day.isoformat()},
    )
    assert response.status_code == 200
    key = re.search(r"kv_[A-Za-z0-9_-]{20,}", response.content.decode()).group(0)
    assert _bearer(key).get("/api/v1/me").status_code == 200
    token = ApiToken.objects.get(user=owner)
    assert timezone.localdate(token.expires_at) == day
    assert key not in client.get("/account/tokens/").content.decode()


def test_the_page_refuses_an_expiry_beyond_the_limit(user_factory, client_for, settings):
    settings.KIVOUCHER_API_TOKEN_DAYS = 30
    client = client_for(user_factory())
    day = timezone.localdate() + timedelta(days=60)
    response = client.post("/account/tokens/", {"action": "create", "expires_on": str(day)})
    assert response.status_code == 200
    assert ApiToken.objects.count() == 0
    assert 'class="error-summary"' in response.content.decode()


def test_the_page_revokes_ones_own_token_and_not_anothers(user_factory, client_for):
    owner = user_factory()
    mine, key = api_token_create(user=owner)
    theirs, theirs_key = api_token_create(user=user_factory())
    client = client_for(owner)
    refused = client.post("/account/tokens/", {"action": "revoke", "token": theirs.pk})
    assert refused.status_code == 404
    assert _bearer(theirs_key).get("/api/v1/me").status_code == 200
    response = client.post("/account/tokens/", {"action": "revoke", "token": mine.pk})
    assert response.status_code == 302
    assert _bearer(key).get("/api/v1/me").status_code == 401
    mine.refresh_from_db()
    assert mine.revoked_at is not None
