"""The order form: a server-rendered price preview (htmx, no inline script) and what a
cluster-hour is in unit-hours."""

import re
from decimal import Decimal

import pytest

from kivoucher.presale.services import purchase_create
from tests.presale.factories import make_buyer, make_offer

pytestmark = pytest.mark.django_db


def test_the_order_form_explains_unit_hours_and_asks_for_a_preview(client_for):
    offer = make_offer(partitions=4)
    _org, user = make_buyer()
    page = client_for(user).get(f"/presale/{offer.code}/", HTTP_ACCEPT_LANGUAGE="en")
    body = page.content.decode()
    assert "10 cluster-hours are 40 unit-hours" in body
    form = re.search(r"<form[^>]*hx-get=\"([^\"]+)\"[^>]*>", body)
    assert form and form.group(1) == f"/presale/{offer.code}/price/"
    assert 'hx-target="#price-preview"' in form.group(0)
    assert 'id="price-preview"' in body and 'aria-live="polite"' in body
    # CSP: no inline script, no event handler attributes
    assert not re.search(r"<script(?![^>]*\bsrc=)", body)
    assert not re.search(r"\son[a-z]+=", body)


def test_the_preview_prices_cluster_hours_as_unit_hours(client_for):
    offer = make_offer(partitions=4)
    _org, user = make_buyer()
    r = client_for(user).get(
        f"/presale/{offer.code}/price/",
        {"kind": "hours", "product": "cluster", "quantity": "10"},
        HTTP_HX_REQUEST="true",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    text = r.content.decode()
    assert r.status_code == 200 and "<html" not in text
    assert "40 unit-hours" in text and "75,000.00" in text


def test_the_preview_shows_the_split_across_the_end_of_a_tier(client_for):
    offer = make_offer()
    org, user = make_buyer()
    purchase_create(actor=user, offer=offer, buyer=org, kind="hours", unit_hours=499)
    r = client_for(user).get(
        f"/presale/{offer.code}/price/",
        {"kind": "hours", "quantity": "2"},
        HTTP_ACCEPT_LANGUAGE="de",
    )
    text = r.content.decode()
    assert "17.500,00" in text and "7.500,00" in text and "10.000,00" in text


def test_the_preview_of_shares_and_of_nothing(client):
    offer = make_offer()
    query = {"kind": "shares", "share_class": "a", "shares": "7"}
    r = client.get(f"/presale/{offer.code}/price/", query)
    assert r.status_code == 200 and "7.000,00" in r.content.decode()
    r = client.get(f"/presale/{offer.code}/price/", {"kind": "hours", "quantity": "x"})
    assert r.status_code == 200 and "€" not in r.content.decode()
    assert client.get("/presale/unknown/price/").status_code == 404


def test_the_quote_api_gives_the_same_split():
    from django.test import Client

    offer = make_offer()
    org, user = make_buyer()
    purchase_create(actor=user, offer=offer, buyer=org, kind="hours", unit_hours=499)
    answer = Client().get(f"/api/v1/presale/offers/{offer.code}/price?unit_hours=2").json()
    assert answer["amount"] == "17500.00"
    assert [(p["tier"], p["unit_hours"]) for p in answer["prices"]] == [
        ("Vorverkauf", 1),
        (None, 1),
    ]
    assert Decimal(answer["prices"][1]["price"]) == Decimal("10000")
    bad = Client().get(f"/api/v1/presale/offers/{offer.code}/price?unit_hours=0")
    assert bad.status_code == 422
