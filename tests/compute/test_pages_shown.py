"""What the pages of line II show, in German: money in German notation everywhere,
the voucher's value and the GPU-hour price on the application form."""

import re
from html.parser import HTMLParser

import pytest

from kivoucher.compute.models import (
    ComputeApplication,
    ComputeVoucher,
    FinalReport,
    SettlementStatement,
)
from kivoucher.core.management.commands.demo import load_demo

pytestmark = pytest.mark.django_db

# An amount as Python prints it ("12400000.00", "2.50"), not part of a German number
# ("12.400.000,00") or a date ("01.12.2025").
RAW_MONEY = re.compile(r"(?<![\d.,])\d+\.\d\d(?![\d.,])")


class _Text(HTMLParser):
    """The text a reader sees (no attributes: form values are for machines)."""

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def text_of(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return " ".join(parser.parts)


def test_the_check_finds_raw_amounts_only():
    assert RAW_MONEY.findall("12400000.00 und 2.50 €") == ["12400000.00", "2.50"]
    assert not RAW_MONEY.findall("12.400.000,00 € am 01.12.2025 um 10:30, 05.12.")


@pytest.fixture
def demo():
    return load_demo()


def test_every_compute_page_shows_money_in_german_notation(demo, client_for):
    voucher = ComputeVoucher.objects.filter(organisation=demo["org_company"]).first()
    statement = SettlementStatement.objects.first()
    report = FinalReport.objects.first()
    application = ComputeApplication.objects.first()
    dc = demo["data_centre"]
    pages = {
        "applicant": [
            "/compute/",
            "/compute/apply/",
            f"/compute/vouchers/{voucher.code}/",
            f"/compute/applications/{application.pk}/",
        ],
        "dc-operator": [
            "/compute/",
            f"/compute/data-centres/{dc.code}/",
            f"/compute/vouchers/{voucher.code}/",
            f"/compute/statements/{statement.pk}/",
        ],
        "admin": [
            "/compute/",
            f"/compute/data-centres/{dc.code}/",
            f"/compute/reports/{report.pk}/",
            f"/compute/applications/{application.pk}/",
        ],
    }
    for username, urls in pages.items():
        client = client_for(demo[username])
        for url in urls:
            response = client.get(url, HTTP_ACCEPT_LANGUAGE="de")
            assert response.status_code == 200, (username, url)
            assert response["Content-Language"] == "de"
            text = text_of(response.content.decode())
            assert not RAW_MONEY.findall(text), (username, url, RAW_MONEY.findall(text))
