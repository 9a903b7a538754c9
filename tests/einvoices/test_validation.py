"""validate_invoice against the official rules: the corpus samples pass, invoices that
each break one rule fail with that rule's id, non-invoices get the platform's own ids."""

import threading

import pytest
from django.utils import translation
from lxml import etree

from kivoucher.einvoices.explanations import explain, lead
from kivoucher.einvoices.intake import refusal_message
from kivoucher.einvoices.validation import (
    DTD_FORBIDDEN,
    NOT_XML,
    PROFILE_BELOW_EN16931,
    RULES,
    UNKNOWN_ROOT,
    Finding,
    ValidationReport,
    readable_location,
    validate_invoice,
)
from tests.corpora import corpus

CORPUS = corpus("xrechnung")
SAMPLES = sorted(p.name for p in CORPUS.glob("*.xml"))
# Two corpus files are refused by the official rules, and rightly so:
# - the ZUGFeRD MINIMUM profile is a booking aid, not an invoice under EN 16931
#   (no lines, no buyer address: BR-16, BR-10, ...);
# - the KoSIT CVD test case (Clean Vehicles Directive extension) classifies its item with
#   the scheme `CVD`, which the CEN code list rule BR-CL-13 (UNTDID 7143) does not know.
REFUSED = {
    "zugferd_2p3_MINIMUM_Rechnung.xml": {PROFILE_BELOW_EN16931, "BR-16", "BR-10", "BR-11"},
    "kosit_02.01a-cvd_INVOICE_ubl.xml": {"BR-CL-13"},
}
PASSING = [name for name in SAMPLES if name not in REFUSED]

NS = {
    "cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
    "cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
    "rsm": "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100",
    "ram": "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100",
}
UBL = "kosit_01.01a-INVOICE_ubl.xml"
CII = "kosit_01.01a-INVOICE_uncefact.xml"
ZUGFERD = "zugferd_2p3_EN16931_Einfach.xml"


def test_the_rules_ship_with_their_licences_and_sources():
    for path in (
        "SOURCES.md",
        "en16931/LICENSE.txt",
        "en16931/EN16931-UBL-validation.xslt",
        "en16931/EN16931-CII-validation.xslt",
        "xrechnung/LICENSE",
        "xrechnung/ubl/XRechnung-UBL-validation.sch",
        "xrechnung/cii/XRechnung-CII-validation.sch",
        "schxslt/LICENSE",
        "schxslt/pipeline-for-svrl.xsl",
    ):
        assert (RULES / path).is_file(), path


def test_the_corpus_is_there():
    assert len(SAMPLES) >= 20
    assert set(REFUSED) <= set(SAMPLES)


@pytest.mark.parametrize("name", PASSING)
def test_corpus_sample_passes(name):
    report = validate_invoice((CORPUS / name).read_bytes())
    assert report.ok, [(f.rule_id, f.text) for f in report.fatal]
    assert report.fatal == []
    assert report.syntax == ("UBL" if name.endswith("_ubl.xml") else "CII")
    assert report.is_xrechnung == ("xrechnung" in report.customization_id.lower())


def test_xrechnung_is_told_by_the_customization_id():
    assert validate_invoice((CORPUS / UBL).read_bytes()).is_xrechnung
    assert validate_invoice(
        (CORPUS / "zugferd_2p3_XRECHNUNG_Einfach.xml").read_bytes()
    ).is_xrechnung
    assert not validate_invoice((CORPUS / ZUGFERD).read_bytes()).is_xrechnung


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_corpus_samples_below_the_norm_are_refused(name):
    report = validate_invoice((CORPUS / name).read_bytes())
    assert not report.ok
    assert REFUSED[name] <= set(report.rule_ids("fatal"))


def _mutate(name, change) -> bytes:
    root = etree.fromstring((CORPUS / name).read_bytes())
    change(root)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def _one(root, path):
    (node,) = root.xpath(path, namespaces=NS)
    return node


def _remove(root, path):
    nodes = root.xpath(path, namespaces=NS)
    assert nodes, path
    for node in nodes:
        node.getparent().remove(node)


def _set(path, value):
    def change(root):
        _one(root, path).text = value

    return change


def _drop(*paths):
    def change(root):
        for path in paths:
            _remove(root, path)

    return change


BROKEN = [
    # (corpus file, change, the rule it breaks)
    (UBL, _set("cac:LegalMonetaryTotal/cbc:PayableAmount", "400.00"), "BR-CO-16"),
    (UBL, _set("cac:LegalMonetaryTotal/cbc:TaxInclusiveAmount", "999.99"), "BR-CO-15"),
    (UBL, _set("cac:LegalMonetaryTotal/cbc:LineExtensionAmount", "1.00"), "BR-CO-10"),
    (UBL, _set("cac:TaxTotal/cbc:TaxAmount", "1.00"), "BR-CO-14"),
    (UBL, _drop("cbc:BuyerReference"), "BR-DE-15"),
    (UBL, _drop("cbc:ID"), "BR-02"),
    (UBL, _drop("cbc:IssueDate"), "BR-03"),
    (UBL, _drop("cac:AccountingSupplierParty/cac:Party/cac:Contact"), "BR-DE-2"),
    (UBL, _drop("cac:PaymentMeans"), "BR-DE-1"),
    (
        UBL,
        _set(
            "cac:AccountingSupplierParty/cac:Party/cac:PostalAddress/cac:Country/cbc:IdentificationCode",
            "XX",
        ),
        "BR-CL-14",
    ),
    (
        UBL,
        _drop(
            "cac:AccountingSupplierParty/cac:Party/cac:PartyTaxScheme",
            "cac:AccountingSupplierParty/cac:Party/cac:PartyLegalEntity/cbc:CompanyID",
        ),
        "BR-CO-26",
    ),
    (UBL, _drop("cac:InvoiceLine/cac:Item/cbc:Name"), "BR-25"),
    (
        CII,
        _set(
            "rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeSettlement"
            "/ram:SpecifiedTradeSettlementHeaderMonetarySummation/ram:DuePayableAmount",
            "1.00",
        ),
        "BR-CO-16",
    ),
    (
        CII,
        _set(
            "rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeSettlement"
            "/ram:SpecifiedTradeSettlementHeaderMonetarySummation/ram:GrandTotalAmount",
            "1.00",
        ),
        "BR-CO-15",
    ),
    (
        CII,
        _drop(
            "rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeAgreement/ram:BuyerReference"
        ),
        "BR-DE-15",
    ),
    (ZUGFERD, _drop("rsm:ExchangedDocument/ram:ID"), "BR-02"),
]


@pytest.mark.parametrize(
    ("name", "change", "rule"), BROKEN, ids=[f"{rule}-{name[:20]}" for name, _, rule in BROKEN]
)
def test_an_invoice_breaking_one_rule_fails_with_its_id(name, change, rule):
    assert validate_invoice((CORPUS / name).read_bytes()).ok  # the original passes
    report = validate_invoice(_mutate(name, change))
    assert not report.ok
    assert rule in report.rule_ids("fatal"), report.rule_ids()
    finding = next(f for f in report.fatal if f.rule_id == rule)
    assert finding.text and not finding.text.startswith("[")
    assert finding.location.startswith("/")


def test_the_place_of_a_finding_is_readable():
    report = validate_invoice(_mutate(UBL, BROKEN[0][1]))
    (finding,) = report.fatal
    assert finding.location == "/ubl:Invoice/cac:LegalMonetaryTotal"
    assert (
        readable_location(
            "/Q{urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100}CrossIndustryInvoice[1]"
            "/Q{urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100}ExchangedDocument[2]"
        )
        == "/rsm:CrossIndustryInvoice/rsm:ExchangedDocument[2]"
    )


def test_xrechnung_rules_apply_only_where_xrechnung_is_claimed():
    # The same ZUGFeRD EN 16931 invoice has no buyer reference: fine under EN 16931 ...
    xml = (CORPUS / ZUGFERD).read_bytes()
    assert validate_invoice(xml).ok
    # ... but claimed as XRechnung it breaks BR-DE-15.
    claimed = xml.replace(
        b"<ram:ID>urn:cen.eu:en16931:2017</ram:ID>",
        b"<ram:ID>urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0</ram:ID>",
    )
    assert claimed != xml
    report = validate_invoice(claimed)
    assert report.is_xrechnung
    assert "BR-DE-15" in report.rule_ids("fatal")


@pytest.mark.parametrize(
    ("xml", "rule"),
    [
        (b"%PDF-1.7 not xml", NOT_XML),
        (b"", NOT_XML),
        (b"<Invoice><unclosed></Invoice>", NOT_XML),
        (b"<Invoice/>", UNKNOWN_ROOT),
        (b'<Order xmlns="urn:oasis:names:specification:ubl:schema:xsd:Order-2"/>', UNKNOWN_ROOT),
        (
            b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
            b'<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2">'
            b"&e;</Invoice>",
            DTD_FORBIDDEN,
        ),
    ],
)
def test_what_is_no_invoice_gets_the_platforms_own_finding(xml, rule):
    report = validate_invoice(xml)
    assert report.syntax == ""
    assert report.rule_ids("fatal") == [rule]
    assert not report.ok


def test_explanations_are_german_with_the_rule_id_and_original_text():
    report = validate_invoice(_mutate(UBL, BROKEN[0][1]))
    (finding,) = report.fatal
    text = finding.explanation
    assert text.startswith("Der Zahlbetrag stimmt nicht")
    assert "BR-CO-16" in text and "Amount due for payment (BT-115)" in text
    # families for rules without their own sentence
    assert lead("BR-CO-99").startswith("Beträge oder Angaben")
    assert lead("BR-DE-99").startswith("Eine Vorgabe der XRechnung")
    assert lead("BR-99").startswith("Eine Pflichtangabe")
    assert lead("BR-S-08").startswith("Die Angaben zur Umsatzsteuer")
    assert lead("BR-CL-14").startswith("Ein Code")
    # the explanations are German whatever the active language
    with translation.override("en"):
        assert explain(finding) == text
    with translation.override("en"):
        message = refusal_message(report, name="r.xml")
    assert message.startswith("The e-invoice r.xml breaks the rules")
    assert "BR-CO-16" in message and "Der Zahlbetrag stimmt nicht" in message


def test_every_common_rule_has_its_own_german_sentence():
    common = [f"BR-{n:02d}" for n in range(1, 17)] + ["BR-CO-15", "BR-CO-16", "BR-CO-26"]
    common += [
        f"BR-DE-{n}" for n in (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 14, 15, 16, 17, 18, 19, 20, 21)
    ]
    from kivoucher.einvoices.explanations import RULES

    assert [rule for rule in common if rule not in RULES] == []


def test_a_report_round_trips_through_json():
    report = validate_invoice(_mutate(UBL, BROKEN[0][1]))
    stored = report.as_dict()
    again = ValidationReport.from_dict(stored)
    assert again == report
    assert again.fatal[0] == Finding(
        "BR-CO-16", "fatal", report.fatal[0].text, report.fatal[0].location
    )
    assert ValidationReport.from_dict(None).findings == []


def test_warnings_are_findings_that_do_not_refuse():
    report = validate_invoice((CORPUS / "zugferd_2p3_EXTENDED_Fremdwaehrung.xml").read_bytes())
    assert report.ok
    assert report.warnings and all(f.severity == "warning" for f in report.warnings)
    assert "CII-SR-013" in report.rule_ids("warning")


def test_validation_from_many_threads_gives_the_same_answers():
    inputs = [(CORPUS / UBL).read_bytes(), _mutate(UBL, BROKEN[0][1]), (CORPUS / CII).read_bytes()]
    expected = [validate_invoice(x).rule_ids("fatal") for x in inputs]
    results, errors = [], []

    def work():
        try:
            for _ in range(5):
                results.append([validate_invoice(x).rule_ids("fatal") for x in inputs])
        except Exception as error:  # noqa: BLE001 (reported by the assertion below)
            errors.append(error)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert results == [expected] * 20
