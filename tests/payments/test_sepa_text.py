"""SEPA text: names and remittance information in the SEPA (EPC) Latin character set."""

import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kivoucher.ledger.services import account_get_or_create, transfer_create
from kivoucher.payments.services import SEPA_CHARACTERS, payout_create, sepa_batch_create, sepa_text
from tests.factories import OrganisationFactory
from tests.payments.factories import payouts_release_all

NS = {"p": "urn:iso:std:iso:20022:tech:xsd:pain.001.001.03"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Müller", "Mueller"),
        ("Bäckerei Groß GmbH", "Baeckerei Gross GmbH"),
        ("Öko-Übersetzungen Ärzte", "Oeko-Uebersetzungen Aerzte"),
        ("MÜLLER & SÖHNE", "MUELLER + SOEHNE"),
        ("Ü", "Ue"),
        ("Café Crème", "Cafe Creme"),
        ("Łódź Æther Ørsted", "Lodz AEther Orsted"),
        ("Rechnung „R-1“ – Projekt", "Rechnung 'R-1' - Projekt"),
        ("info@firma.de; 100 %", "info.firma.de. 100 ."),
        ("a\tb\n c", "a b c"),
        ("Straße 5/7 (Hof)?", "Strasse 5/7 (Hof)?"),
        ("東京", ".."),
    ],
)
def test_sepa_text_transliterates_into_the_sepa_character_set(text, expected):
    assert sepa_text(text) == expected


def test_sepa_text_cuts_after_transliterating():
    assert sepa_text("Müller" * 20, max_length=70) == ("Mueller" * 10)
    assert len(sepa_text("ü" * 100, max_length=140)) == 140


@given(st.text())
def test_sepa_text_only_ever_yields_sepa_characters(text):
    assert set(sepa_text(text)) <= SEPA_CHARACTERS


@pytest.mark.django_db
def test_creditor_name_and_remittance_keep_their_umlauts_transliterated():
    world = account_get_or_create(code="world", name="World", floor=None)
    grants = account_get_or_create(code="grants", name="Grants")
    transfer_create(key="fund", source=world, destination=grants, amount=Decimal("100"), kind="f")
    org = OrganisationFactory(name="Müller Präzisionsteile GmbH", account_holder="")
    payout_create(
        actor=None,
        key="p1",
        origin="x",
        beneficiary=org,
        amount=Decimal("10"),
        source_account=grants,
        remittance="KI-Voucher Prüfstand Größe M",
    )
    payouts_release_all()
    root = ET.fromstring(sepa_batch_create(actor=None).xml)
    assert root.find(".//p:Cdtr/p:Nm", NS).text == "Mueller Praezisionsteile GmbH"
    assert root.find(".//p:RmtInf/p:Ustrd", NS).text == "KI-Voucher Pruefstand Groesse M"
