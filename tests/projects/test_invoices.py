"""Reading e-invoices from hostile files: a ZUGFeRD PDF whose embedded XML inflates far
beyond the upload limit is refused as too large (never a 500), and reading it stops
at the limit instead of unpacking it all."""

import io
import tracemalloc
import zlib
from datetime import date

import pytest
from django.utils import translation

from kivoucher.applications.models import Voucher
from kivoucher.core.uploads import UploadRefused, upload_check
from kivoucher.projects.invoices import InvoiceUnreadable, invoice_read
from tests.applications.factories import make_world

MB = 1024 * 1024


def inflating_pdf(unpacked_mb: int = 200, name: str = "factur-x.xml") -> bytes:
    """A valid PDF (about 200 KB) with one embedded file, `name`, whose Flate stream
    unpacks to `unpacked_mb` MB of XML: a CII root around a huge comment."""
    packer = zlib.compressobj(9)
    parts = [
        packer.compress(
            b'<?xml version="1.0"?><rsm:CrossIndustryInvoice xmlns:rsm='
            b'"urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"><!--'
        )
    ]
    blank = b" " * MB
    parts += [packer.compress(blank) for _ in range(unpacked_mb)]
    parts += [packer.compress(b"--></rsm:CrossIndustryInvoice>"), packer.flush()]
    stream = b"".join(parts)
    label = name.encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R /Names << /EmbeddedFiles 4 0 R >> >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
        b"<< /Names [(" + label + b") 5 0 R] >>",
        b"<< /Type /Filespec /F (" + label + b") /UF (" + label + b") /EF << /F 6 0 R >> >>",
        b"<< /Type /EmbeddedFile /Subtype /text#2Fxml /Filter /FlateDecode /Length %d >>\n"
        b"stream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    out.writelines(b"%010d 00000 n \n" % offset for offset in offsets)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    return out.getvalue()


@pytest.fixture(scope="module")
def bomb() -> bytes:
    return inflating_pdf()


def test_the_hostile_pdf_is_small_and_passes_the_upload_check(bomb):
    assert len(bomb) < 300 * 1024
    assert upload_check(bomb, name="rechnung.pdf").kind == "pdf"


def test_embedded_xml_beyond_the_limit_is_refused_as_too_large(bomb):
    with translation.override("en"), pytest.raises(UploadRefused) as exc:
        invoice_read(bomb, "pdf")
    assert exc.value.code == "file_too_large"
    assert exc.value.status == 400
    assert "e-invoice embedded in the PDF is too large" in exc.value.message
    assert "10.0 MB" in exc.value.message


def test_reading_stops_at_the_limit(bomb, settings):
    settings.KIVOUCHER_MAX_UPLOAD_BYTES = 2 * MB
    tracemalloc.start()
    try:
        with pytest.raises(UploadRefused):
            invoice_read(bomb, "pdf")
        _now, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 12 * MB  # 200 MB if the embedded file were unpacked in full


def test_embedded_xml_within_the_limit_is_still_read():
    small = inflating_pdf(unpacked_mb=1)  # a CII root without figures: read, then refused
    with pytest.raises(InvoiceUnreadable) as exc:
        invoice_read(small, "pdf")
    assert exc.value.code == "invoice_unreadable"


def _voucher_code() -> tuple:
    w = make_world()
    app = w.approved()
    Voucher.objects.filter(pk=app.voucher.pk).update(valid_from=date(2021, 1, 1))
    return w, app.voucher.code


def _upload(content: bytes, name: str):
    f = io.BytesIO(content)
    f.name = name
    return f


@pytest.mark.django_db
def test_api_answers_400_with_a_german_message(bomb, api_client_for):
    w, code = _voucher_code()
    response = api_client_for(w.provider_user).post(
        f"/api/v1/projects/vouchers/{code}/proof",
        {"invoice": _upload(bomb, "rechnung.pdf"), "report": "x" * 30},
    )
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["code"] == "file_too_large"
    assert "eingebettete E-Rechnung ist zu groß" in body["message"]
    assert not Voucher.objects.get(code=code).proofs.exists()


@pytest.mark.django_db
def test_web_form_shows_the_refusal(bomb, client_for):
    w, code = _voucher_code()
    response = client_for(w.applicant).post(
        f"/vouchers/{code}/proof/",
        {"invoice": _upload(bomb, "rechnung.pdf"), "report": "x" * 30},
    )
    assert response.status_code == 200
    assert "eingebettete E-Rechnung ist zu groß" in response.content.decode()
    assert not Voucher.objects.get(code=code).proofs.exists()
