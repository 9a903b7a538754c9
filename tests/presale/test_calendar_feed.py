"""The holder's calendar feed: in the API, renewable (the old URL stops working), with
an optional expiry, and in the holder's language."""

import time
from datetime import timedelta

import pytest
from django.core import signing
from django.test import Client
from django.utils import timezone

from kivoucher.core.roles import Role
from kivoucher.presale.exports import feed_id, feed_token
from kivoucher.presale.models import CalendarFeed
from kivoucher.presale.services import calendar_feed_get_or_create
from tests.e2e.openapi_check import CheckedApi
from tests.factories import UserFactory
from tests.presale.factories import make_allocated_slot, make_buyer

pytestmark = pytest.mark.django_db


@pytest.fixture
def holder():
    """A buyer with one proposed slot."""
    _offer, _purchase, _slot, org, user = make_allocated_slot()
    return org, user


def _path(url: str) -> str:
    return url.replace("http://testserver", "")


def test_the_feed_url_is_in_the_api_and_renewing_retires_the_old_one(holder, api_client_for):
    org, user = holder
    api = CheckedApi(api_client_for(user))
    feed = api.get("/api/v1/presale/calendar-feed").json()
    assert feed["expires_at"] is None and feed["active"] is True
    assert api.get("/api/v1/presale/calendar-feed").json()["url"] == feed["url"]  # stable
    public = Client()
    ics = public.get(_path(feed["url"]))
    assert ics.status_code == 200 and ics["Content-Type"].startswith("text/calendar")
    assert ics.content.decode().count("BEGIN:VEVENT") == 1

    renewed = api.post("/api/v1/presale/calendar-feed/renew", {"valid_days": 30}).json()
    assert renewed["url"] != feed["url"]
    expires = timezone.datetime.fromisoformat(renewed["expires_at"])
    assert timedelta(days=29) < expires - timezone.now() <= timedelta(days=30)
    assert public.get(_path(feed["url"])).status_code == 410
    assert public.get(_path(renewed["url"])).status_code == 200
    assert api.get("/api/v1/presale/calendar-feed").json()["url"] == renewed["url"]
    assert CalendarFeed.objects.filter(organisation=org, revoked_at__isnull=True).count() == 1


def test_an_expired_feed_answers_410_until_renewed(holder, api_client_for):
    org, user = holder
    api = api_client_for(user)
    url = api.get("/api/v1/presale/calendar-feed").json()["url"]
    CalendarFeed.objects.filter(organisation=org).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    assert Client().get(_path(url)).status_code == 410
    shown = api.get("/api/v1/presale/calendar-feed").json()
    assert shown["url"] == url and shown["active"] is False
    r = api.post("/api/v1/presale/calendar-feed/renew", {}, content_type="application/json")
    assert r.status_code == 200 and r.json()["expires_at"] is None
    assert Client().get(_path(r.json()["url"])).status_code == 200


def test_forged_and_old_style_tokens(holder):
    org, _user = holder
    assert Client().get("/presale/calendar/forged.ics").status_code == 404
    # the URLs of before (a signed organisation id, never revocable) are retired
    old = signing.dumps(org.pk, salt="kivoucher.presale.ical", compress=True)
    assert Client().get(f"/presale/calendar/{old}.ics").status_code == 410


def test_the_buyer_renews_the_feed_from_the_page(holder, client_for):
    org, user = holder
    client = client_for(user)
    page = client.get("/presale/my/")
    old_url = page.context["feed_url"]
    assert old_url and old_url in page.content.decode()
    r = client.post("/presale/calendar/renew/", {"valid_days": "90"})
    assert r.status_code == 302
    new_url = client.get("/presale/my/").context["feed_url"]
    assert new_url != old_url
    assert Client().get(_path(old_url)).status_code == 410
    assert Client().get(_path(new_url)).status_code == 200
    feed = CalendarFeed.objects.get(organisation=org, revoked_at__isnull=True)
    assert timedelta(days=89) < feed.expires_at - timezone.now() <= timedelta(days=90)
    assert client.post("/presale/calendar/renew/", {"valid_days": "7000"}).status_code == 400


def test_only_the_holders_people_renew(holder, api_client_for, client_for):
    org, _user = holder
    auditor = UserFactory(role=Role.AUDITOR)
    r = api_client_for(auditor).post(
        "/api/v1/presale/calendar-feed/renew", {}, content_type="application/json"
    )
    assert r.status_code == 403
    assert client_for(auditor).post("/presale/calendar/renew/", {}).status_code == 403
    _other_org, other = make_buyer()
    CheckedApi(api_client_for(other)).post("/api/v1/presale/calendar-feed/renew", {})
    assert CalendarFeed.objects.filter(organisation=org).count() == 0


def test_the_feed_speaks_the_holders_language(holder, api_client_for):
    _org, user = holder
    api = api_client_for(user)
    german = Client().get(_path(api.get("/api/v1/presale/calendar-feed").json()["url"]))
    text = german.content.decode().replace("\r\n ", "")
    assert "vorgeschlagen" in text and "proposed" not in text
    english = api.post(
        "/api/v1/presale/calendar-feed/renew",
        {},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
    ).json()
    # the calendar client's own language does not matter, the holder's does
    text = Client().get(_path(english["url"]), HTTP_ACCEPT_LANGUAGE="de").content.decode()
    text = text.replace("\r\n ", "")
    assert "status: proposed" in text and "partition 0" in text


def test_the_feed_url_stays_the_same_over_time(holder, monkeypatch):
    """Calendars subscribe to the URL: it must not change from one answer to the next
    (a time stamp in the token made two answers a second apart differ)."""
    org, user = holder
    feed = calendar_feed_get_or_create(actor=user, organisation=org)
    now = time.time()
    monkeypatch.setattr(signing.time, "time", lambda: now)
    first = feed_token(feed)
    monkeypatch.setattr(signing.time, "time", lambda: now + 3600)
    assert feed_token(feed) == first
    assert feed_id(first) == feed.pk
