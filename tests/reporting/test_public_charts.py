"""Pictures of the public statistics (issue 19): drawn from the suppressed public
tables, so that a state, size class or sector with fewer than five companies is
"not shown" in the picture too: not coloured by its value, no bar, none of its
figures anywhere in the SVG."""

import re
from decimal import Decimal

import pytest
from defusedxml import ElementTree
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from kivoucher.reporting.public import MIN_COMPANIES, public_statistics
from kivoucher.reporting.public_charts import public_charts
from kivoucher.reporting.svg import bar_chart, state_map
from kivoucher.reporting.svg.map import NO_DATA, SHADES
from kivoucher.reporting.tables import COUNT, MONEY, Column, Table
from tests.factories import ProgrammeFactory, make_call
from tests.reporting.factories import commit, company, grant

pytestmark = pytest.mark.django_db
NS = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def awards():
    programme = ProgrammeFactory()
    for i in range(MIN_COMPANIES):  # Bavaria: five, hidden as the secondary cell
        grant(programme, company("BY", sector="C28"), "10000.00", f"by{i}")
    for i in range(MIN_COMPANIES - 1):  # Hesse: four, hidden
        grant(programme, company("HE", sector="C28"), "20000.00", f"he{i}")
    for i in range(6):  # Saxony: six, shown
        grant(programme, company("SN", sector="J62"), "1000.00", f"sn{i}")
    call = make_call(programme=programme, budget=Decimal("500000.00"))
    commit(call, "123456.78", "c1")
    return programme


@pytest.fixture(autouse=True)
def german():
    """The pictures' words in the site's default language, whatever an earlier test
    in this process left active."""
    with translation.override("de"):
        yield


def _svg(chart):
    return ElementTree.fromstring(str(chart.svg))


def _state_paths(root) -> dict:
    paths = {}
    for path in root.iter(f"{NS}path"):
        title = path.find(f"{NS}title")
        if title is not None:
            paths[title.text.split(":")[0]] = path
    return paths


def _all_text(root) -> str:
    """Every text of the picture, the accessible name and description included."""
    return " ".join("".join(el.itertext()) for el in root.iter())


def test_a_state_with_fewer_than_five_companies_is_hatched_and_none_of_its_figures_is_drawn(
    awards,
):
    charts = public_charts(public_statistics())
    root = _svg(charts["approvals-by-state"])
    paths = _state_paths(root)
    hatch = root.find(f".//{NS}pattern").get("id")
    # Hesse (4 companies) and Bavaria (secondary suppression) are "not shown"
    for name in ("Hessen", "Bayern"):
        assert paths[name].get("fill") == f"url(#{hatch})"
        assert "nicht ausgewiesen" in paths[name].find(f"{NS}title").text
    assert paths["Sachsen"].get("fill") == SHADES[-1]  # shown, the highest value
    assert paths["Hamburg"].get("fill") == NO_DATA  # no grants: "none", not hatched
    text = _all_text(root)
    for figure in ("80.000", "80000", "50.000", "50000", "20.000", "10.000"):
        assert figure not in text
    assert "6.000,00" in text  # Saxony's figure is (in the description)
    # the legend explains the hatching
    legend = [r for r in root.iter(f"{NS}rect") if r.get("fill") == f"url(#{hatch})"]
    assert legend, "the legend has an entry for the hatched states"
    assert "weniger als 5 Unternehmen" in text


def test_suppressed_bars_are_left_out_and_say_so(awards):
    charts = public_charts(public_statistics())
    # By sector: C (9 companies) shown, J (6) shown; by size all in one class.
    root = _svg(charts["approvals-by-sector"])
    bars = [r.find(f"{NS}title").text for r in root.iter(f"{NS}rect")]
    assert any(b.startswith("C – ") for b in bars) and any(b.startswith("J – ") for b in bars)
    table = Table(
        "t",
        "T",
        [
            Column("label", "Label"),
            Column("companies", "Companies", COUNT),
            Column("amount", "A", MONEY),
        ],
        [("Shown", 7, Decimal("70000.00")), ("Hidden", None, None)],
    )
    chart = bar_chart(
        key="t",
        title="T",
        table=table,
        label_column="label",
        value_column="amount",
        missing="not shown",
        narrow=True,
    )
    root = _svg(chart)
    bars = [r.find(f"{NS}title").text for r in root.iter(f"{NS}rect")]
    assert bars == ["Shown: 70.000,00\u00a0€"]
    values = [t for t in root.iter(f"{NS}text") if t.get("class") == "value"]
    assert [("".join(v.itertext()), v.get("font-style")) for v in values] == [
        ("70.000,00\u00a0€", None),
        ("not shown", "italic"),
    ]


def test_the_map_with_its_legend_below_fits_a_phone():
    table = Table(
        "s",
        "S",
        [Column("code", "Code"), Column("amount", "A", MONEY)],
        [("BY", Decimal("100.00")), ("HE", None)],
    )
    chart = state_map(
        key="m",
        title="Map",
        table=table,
        state_column="code",
        value_column="amount",
        hidden_label="hidden",
        legend_below=True,
    )
    root = _svg(chart)
    assert float(root.get("width")) <= 400
    assert root.get("viewBox") == f"0 0 {root.get('width')} {root.get('height')}"


def test_every_picture_has_an_accessible_name_and_is_narrow(awards):
    charts = public_charts(public_statistics())
    assert set(charts) == {
        "budget",
        "approvals-by-state",
        "approvals-by-size",
        "approvals-by-sector",
        "approvals-by-programme",
    }
    for key, chart in charts.items():
        root = _svg(chart)
        assert root.get("role") == "img"
        ids = root.get("aria-labelledby").split()
        found = {el.get("id"): "".join(el.itertext()) for el in root.iter() if el.get("id")}
        assert all(found.get(i) for i in ids), key
        assert float(root.get("width")) <= 400, key  # about 1:1 on a 375 px screen
        assert root.get("viewBox"), key


def test_the_budget_picture_shows_each_lines_parts(awards):
    root = _svg(public_charts(public_statistics())["budget"])
    titles = [
        r.find(f"{NS}title").text
        for r in root.iter(f"{NS}rect")
        if r.find(f"{NS}title") is not None
    ]
    assert any("123.456,78" in t for t in titles)  # committed
    assert any("376.543,22" in t for t in titles)  # available


def test_the_page_shows_each_picture_next_to_its_table(client, awards):
    page = client.get("/statistics/")
    html = page.text
    figures = re.findall(r'<figure aria-describedby="table-([\w-]+)">', html)
    assert set(figures) == set(public_charts(public_statistics()))
    for key in figures:
        assert f'<table id="table-{key}">' in html
    assert html.count('role="img"') == len(figures)
    assert "80.000" not in html and "50.000,00" not in html


def test_the_page_needs_few_queries_and_the_pictures_none(client, awards):
    client.get("/statistics/")  # warm the ledger cache of daily sums
    with CaptureQueriesContext(connection) as figures:
        public_statistics()
    with CaptureQueriesContext(connection) as page:
        assert client.get("/statistics/").status_code == 200
    assert len(page) == len(figures) <= 13
