import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from kivoucher.core.uploads import DOCUMENTS, INVOICES, UploadRefused, upload_check, upload_store
from tests.applications.factories import PDF_BYTES, PNG_BYTES

XML = (
    b'<?xml version="1.0"?>'
    b'<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"/>'
)


@pytest.mark.parametrize(
    ("content", "name", "allowed", "kind"),
    [
        (PDF_BYTES, "a.pdf", DOCUMENTS, "pdf"),
        (PNG_BYTES, "a.png", DOCUMENTS, "png"),
        (PNG_BYTES, "no-extension", DOCUMENTS, "png"),
        (XML, "rechnung.xml", INVOICES, "xml"),
    ],
)
def test_files_are_recognised_by_content(content, name, allowed, kind):
    assert upload_check(SimpleUploadedFile(name, content), allowed=allowed).kind == kind


def test_a_file_claiming_to_be_a_pdf_that_is_not_is_refused():
    with pytest.raises(UploadRefused) as exc:
        upload_check(SimpleUploadedFile("rechnung.pdf", b"MZ\x90\x00 not a pdf at all"))
    assert "PDF" in exc.value.message and "rechnung.pdf" in exc.value.message


def test_executables_and_html_are_refused():
    with pytest.raises(UploadRefused):
        upload_check(SimpleUploadedFile("x.bin", b"MZ\x90\x00\x03\x00\x00\x00"))
    with pytest.raises(UploadRefused):
        upload_check(SimpleUploadedFile("x.html", b"<html><script>alert(1)</script>"))
    with pytest.raises(UploadRefused):  # XML is fine for invoices, not as evidence
        upload_check(SimpleUploadedFile("x.xml", XML), allowed=DOCUMENTS)


def test_xml_with_entities_is_not_expanded():
    bomb = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;&a;</x>'
    with pytest.raises(UploadRefused):
        upload_check(SimpleUploadedFile("x.xml", bomb), allowed=INVOICES)


def test_size_limit(settings):
    settings.KIVOUCHER_MAX_UPLOAD_BYTES = 100
    with pytest.raises(UploadRefused) as exc:
        upload_check(SimpleUploadedFile("big.pdf", PDF_BYTES + b"0" * 200))
    assert exc.value.code == "file_too_large"


def test_empty_file_is_refused():
    with pytest.raises(UploadRefused):
        upload_check(b"", name="leer.pdf")


def test_stored_under_media_root_with_a_random_name(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    checked = upload_check(SimpleUploadedFile("../../etc/passwd.pdf", PDF_BYTES))
    assert checked.original_name == "passwd.pdf"
    first = upload_store(checked, folder="t")
    second = upload_store(checked, folder="t")
    assert first != second and "passwd" not in first
    assert (tmp_path / first).read_bytes() == PDF_BYTES
