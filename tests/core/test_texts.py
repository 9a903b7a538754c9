"""Texts stored as message ids and figures are translated when shown (core.texts)."""

import json
from decimal import Decimal

from django.template import Context, Template
from django.utils import translation

from kivoucher.core.texts import Joined, Text, item_text, stored_item, text_from_data, text_show


def test_a_text_is_translated_when_shown_not_when_made():
    text = Text("Currency: %(c)s", c="EUR")
    with translation.override("de"):
        assert str(text) == "Währung: EUR"
    with translation.override("en"):
        assert str(text) == "Currency: EUR"


def test_stored_data_round_trips_through_json_with_nested_texts():
    text = Text(
        "The provider is linked to the applicant: %(reasons)s.",
        reasons=Joined([Text("a shared owner"), Text("declared business ties")]),
    )
    data = json.loads(json.dumps(text.as_data()))
    assert text_from_data(data) == text
    with translation.override("en"):
        assert text_show(data) == (
            "The provider is linked to the applicant: a shared owner, declared business ties."
        )
    with translation.override("de"):
        assert "declared business ties" not in text_show(data)


def test_figures_are_stored_as_json_values():
    data = Text("Turnover %(value)s, limit %(limit)s.", value=Decimal("12.50"), limit=3).as_data()
    assert data == {
        "msgid": "Turnover %(value)s, limit %(limit)s.",
        "params": {"value": "12.50", "limit": 3},
    }
    json.dumps(data)


def test_plain_strings_of_old_rows_are_shown_as_they_are():
    assert text_show("Sitz in Deutschland") == "Sitz in Deutschland"
    old = {"label": "Sitz in Deutschland", "passed": True}
    with translation.override("en"):
        assert item_text(old, "label") == "Sitz in Deutschland"


def test_a_stored_item_keeps_both_the_text_and_its_data():
    with translation.override("de"):
        item = stored_item(code="seat", passed=True, texts={"label": Text("Seat in Germany")})
    assert item["label"] == "Sitz in Deutschland"
    with translation.override("en"):
        assert item_text(item, "label") == "Seat in Germany"


def test_a_catalogue_entry_that_does_not_fit_falls_back_to_the_msgid():
    with translation.override("de"):  # no KeyError while rendering a page
        assert str(Text("Currency: %(c)s", wrong="EUR")) == "Currency: %(c)s"
    assert Text("Currency: %(c)s", c="EUR", extra=1).as_data()["params"]["extra"] == 1


def test_the_template_filter_shows_stored_and_live_texts():
    template = Template('{% load stored_texts %}{{ a|shown:"label" }}|{{ b|shown:"label" }}')
    stored = stored_item(code="x", texts={"label": Text("Invoice in euros")})
    live = type("Rule", (), {"label": Text("Invoice in euros")})()
    with translation.override("en"):
        assert template.render(Context({"a": stored, "b": live})) == (
            "Invoice in euros|Invoice in euros"
        )
    with translation.override("de"):
        assert template.render(Context({"a": stored, "b": live})) == (
            "Rechnung in Euro|Rechnung in Euro"
        )
