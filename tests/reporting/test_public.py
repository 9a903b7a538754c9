"""Public statistics: aggregated only, small cells (< 5 companies) suppressed."""

from decimal import Decimal

import pytest

from kivoucher.reporting.public import MIN_COMPANIES, public_statistics, suppress
from tests.factories import ProgrammeFactory
from tests.reporting.factories import company, grant

pytestmark = pytest.mark.django_db


def test_suppress_hides_small_cells_and_a_second_cell_when_only_one_is_small():
    rows = [
        ("A", 7, 7, Decimal(70)),
        ("B", 3, 3, Decimal(30)),
        ("C", 5, 6, Decimal(50)),
        ("D", 0, 0, Decimal(0)),
    ]
    out = suppress(rows, companies_at=1, hide=[2, 3])
    assert out[1] == ("B", None, None, None)  # primary: 3 < 5
    assert out[2] == ("C", None, None, None)  # secondary: the smallest shown cell
    assert out[0] == rows[0]
    assert out[3] == rows[3]  # zero companies identify nobody


def test_suppress_needs_no_second_cell_when_two_are_small():
    rows = [("A", 9, 9, 1), ("B", 1, 1, 1), ("C", 4, 4, 1)]
    out = suppress(rows, companies_at=1, hide=[2, 3])
    assert out == [("A", 9, 9, 1), ("B", None, None, None), ("C", None, None, None)]


@pytest.fixture
def awards():
    programme = ProgrammeFactory()
    for i in range(MIN_COMPANIES):  # five companies in Bavaria: shown
        grant(programme, company("BY"), "10000.00", f"by{i}")
    for i in range(MIN_COMPANIES - 1):  # four in Hesse: hidden
        grant(programme, company("HE"), "20000.00", f"he{i}")
    for i in range(6):  # six in Saxony: hidden as the secondary cell? no: SN has 6, BY 5
        grant(programme, company("SN"), "1000.00", f"sn{i}")
    return programme


def _rows(stats, key):
    return {row[next(iter(row))]: row for row in stats.table(key).as_dicts()}


def test_public_statistics_suppress_states_with_fewer_than_five_companies(awards):
    stats = public_statistics()
    by_state = _rows(stats, "approvals-by-state")
    assert by_state["HE"]["companies"] is None and by_state["HE"]["amount"] is None
    # secondary suppression: the smallest other shown cell (Bavaria, 5 companies)
    assert by_state["BY"]["amount"] is None
    assert by_state["SN"]["companies"] == 6
    assert by_state["SN"]["amount"] == Decimal("6000.00")
    assert by_state["HH"]["companies"] == 0
    total = stats.table("approvals-total").as_dicts()[0]
    assert total["companies"] == 15 and total["amount"] == Decimal("136000.00")


def test_public_page_and_open_data_need_no_login_and_show_no_small_cells(client, awards):
    page = client.get("/statistics/")
    assert page.status_code == 200
    assert "80.000,00" not in page.text  # Hesse's 4 x 20,000 is not shown
    assert "6.000,00" in page.text
    api = client.get("/api/v1/public/statistics")
    assert api.status_code == 200
    data = api.json()
    assert data["min_companies_per_cell"] == 5
    states = next(t for t in data["tables"] if t["key"] == "approvals-by-state")["rows"]
    hesse = next(r for r in states if r["code"] == "HE")
    assert hesse["companies"] is None and hesse["amount"] is None
    assert client.get("/statistics/data.json").json()["tables"] == data["tables"]
    csv_text = client.get("/statistics/approvals-by-state.csv").content.decode()
    assert "HE,Hessen,,," in csv_text
    assert "SN,Sachsen,6,6,6000.00" in csv_text
    assert client.get("/statistics/nothing.csv").status_code == 404


def test_one_company_alone_is_never_visible(client):
    grant(ProgrammeFactory(), company("SL"), "12345.67", "only")
    data = client.get("/api/v1/public/statistics").json()
    text = str(data)
    assert "12345.67" not in text
