"""Checks every issued invoice passes: the Factur-X / ZUGFeRD EN 16931 schema and the
official rules (EN 16931, XRechnung) without a fatal finding."""

from functools import cache
from pathlib import Path

import drafthorse
from lxml import etree

from kivoucher.einvoices.validation import validate_invoice
from kivoucher.invoicing.models import Invoice

# The Factur-X / ZUGFeRD EN 16931 schema that drafthorse ships: the XML fits the
# ZUGFeRD PDF's profile as well (element order, cardinalities).
FACTUR_X_XSD = Path(drafthorse.__file__).parent / "schema" / "Factur-X_1.0.07_EN16931.xsd"


@cache
def factur_x_schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(FACTUR_X_XSD)))


def assert_valid(invoice: Invoice) -> None:
    schema = factur_x_schema()
    assert schema.validate(etree.fromstring(bytes(invoice.xml))), schema.error_log
    report = validate_invoice(bytes(invoice.xml))
    assert report.fatal == [], [(f.rule_id, f.text) for f in report.fatal]
    # the one warning an advance-payment invoice gets: XRechnung prefers other type codes
    assert set(report.rule_ids("warning")) <= {"BR-DE-17"}, report.rule_ids("warning")
