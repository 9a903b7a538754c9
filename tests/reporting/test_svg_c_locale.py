"""Every chart of the platform, rendered with German active: each number in an SVG
attribute is written the C way (decimal point, no grouping), or the browser draws
the target line at the top (`y1="38,2"`)."""

import re
from datetime import date
from decimal import Decimal
from xml.etree import ElementTree

import pytest
from django.test import Client
from django.utils import translation

from kivoucher.compute.chart import usage_chart_svg
from kivoucher.presale.services import purchase_confirm_payment, purchase_create
from kivoucher.reporting.svg import bar_chart, line_chart, state_map
from kivoucher.reporting.tables import COUNT, DATE, MONEY, TEXT, Column, Table
from tests.presale.factories import make_buyer, make_offer, make_staff

FLOAT = r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?"
SCALAR = re.compile(rf"{FLOAT}(?:%|px|em)?")
PAIR = re.compile(rf"{FLOAT},{FLOAT}")
# attributes holding lists of numbers; everything else that starts like a number
# must be one number
LISTS = {"viewBox", "points", "stroke-dasharray"}
NOT_NUMBERS = {"d", "id", "class", "role", "aria-labelledby", "fill", "stroke"}


def numeric_attributes(svg: str) -> list[tuple[str, str, str]]:
    """(element, attribute, value) of every attribute that holds numbers; fails on
    a number that is not in C notation."""
    root = ElementTree.fromstring(svg)
    found = []
    for element in root.iter():
        tag = element.tag.rsplit("}", 1)[-1]
        for name, value in element.attrib.items():
            name = name.rsplit("}", 1)[-1]
            if name in NOT_NUMBERS:
                continue
            if name in LISTS:
                for token in value.replace(",", " ").split() if name != "points" else value.split():
                    pattern = PAIR if name == "points" else SCALAR
                    assert pattern.fullmatch(token), f'<{tag} {name}="{value}">'
                    for part in token.split(","):
                        float(part.rstrip("%"))
                found.append((tag, name, value))
            elif re.match(r"[-+]?[\d.]", value):
                assert SCALAR.fullmatch(value), f'<{tag} {name}="{value}"> is not a C number'
                float(re.sub(r"(%|px|em)$", "", value))
                found.append((tag, name, value))
    return found


def _table(columns, rows):
    return Table(key="t", title="T", columns=columns, rows=rows)


@pytest.fixture
def german():
    with translation.override("de"):
        yield


def test_reporting_charts_write_c_numbers_in_german(german):
    money = _table(
        [Column("name", "Name", TEXT), Column("amount", "Betrag", MONEY)],
        [("Sachsen", Decimal("12345.67")), ("Bayern", Decimal("2500.5")), ("Leer", None)],
    )
    bar = bar_chart(
        key="b", title="Balken", table=money, label_column="name", value_column="amount"
    )
    over_time = _table(
        [Column("day", "Tag", DATE), Column("a", "A", MONEY), Column("b", "B", COUNT)],
        [(date(2026, 1, d), Decimal(d * 1234.5), d * 3) for d in range(1, 20)],
    )
    line = line_chart(key="l", title="Linie", table=over_time, x_column="day", series=["a", "b"])
    states = _table(
        [Column("state", "Land", TEXT), Column("amount", "Betrag", MONEY)],
        [("SN", Decimal("1000.25")), ("BY", Decimal("333.33")), ("HH", None)],
    )
    germany = state_map(
        key="m", title="Karte", table=states, state_column="state", value_column="amount"
    )
    for chart in (bar, line, germany):
        found = numeric_attributes(str(chart.svg))
        assert any("." in value for _tag, _name, value in found), chart.key


def test_compute_usage_chart_writes_c_numbers_in_german(german):
    rows = [
        {"day": date(2026, 3, d), "resource": r, "charged": Decimal(f"{d * 7.35:.2f}")}
        for d in range(1, 12)
        for r in ("GPU", "CPU")
    ]
    found = numeric_attributes(usage_chart_svg(rows, title="Nutzung"))
    assert any(name == "height" and "." in value for _tag, name, value in found)


def test_qr_code_svg_writes_c_numbers_in_german(german):
    import segno

    numeric_attributes(segno.make("otpauth://totp/x?secret=ABC").svg_inline(scale=5))


@pytest.mark.django_db
def test_presale_chart_writes_c_numbers_in_german():
    offer = make_offer()  # target 75,000 EUR
    org, user = make_buyer()
    purchase = purchase_create(actor=user, offer=offer, buyer=org, kind="hours", unit_hours=2)
    purchase_confirm_payment(actor=make_staff(), purchase=purchase)  # 15,000 EUR paid
    page = Client().get(f"/presale/{offer.code}/", HTTP_ACCEPT_LANGUAGE="de")
    html = page.content.decode()
    assert 'lang="de"' in html
    svg = re.search(r"<svg.*?</svg>", html, re.S).group(0)
    found = numeric_attributes(svg)
    target = [value for tag, name, value in found if tag == "line" and name == "y1"]
    # the target line: 220 - 75,000 / 82,500 * 200 = 38.2 (not "38,2": drawn at the top)
    assert "38.2" in target
    assert "Ziel" in html or "Target" in html
