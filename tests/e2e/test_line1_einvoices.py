"""Real-world e-invoices (KoSIT XRechnung test suite, FeRD ZUGFeRD samples) through HTTP.

The ZUGFeRD PDF is built in the test: the FeRD sample XML embedded as factur-x.xml
into a PDF with drafthorse's `attach_xml` (the Factur-X embedding).
"""

import io
from datetime import date
from decimal import Decimal

import pytest
from drafthorse.pdf import attach_xml
from weasyprint import HTML

from kivoucher.applications.models import Voucher
from kivoucher.projects.invoices import invoice_read
from tests.applications.factories import PNG_BYTES, make_world
from tests.corpora import corpus

CORPUS = corpus("xrechnung")

pytestmark = pytest.mark.django_db


def zugferd_pdf() -> bytes:
    xml = (CORPUS / "zugferd_2p3_EN16931_Einfach.xml").read_bytes()
    pdf = HTML(string="<h1>Rechnung 471102</h1><p>Lieferant GmbH</p>").write_pdf()
    return attach_xml(pdf, xml, "EN 16931")


@pytest.mark.parametrize(
    ("name", "syntax", "number", "seller", "seller_vat", "buyer", "net", "vat", "gross"),
    [
        ("kosit_03.06a-INVOICE_ubl.xml", "ubl", "112233", "Testverkäufer", "DE12345464867",
         "Testkäufer", "1500.00", "304.00", "1804.00"),
        ("kosit_03.06a-INVOICE_uncefact.xml", "cii", "112233", "Testverkäufer", "DE12345464867",
         "Testkäufer", "1500.00", "304.00", "1804.00"),
        ("kosit_01.01a-INVOICE_ubl.xml", "ubl", "123456XX", "[Seller name]", "DE 123456789",
         "[Buyer name]", "314.86", "22.04", "336.90"),
        ("zugferd_2p3_EN16931_Einfach.xml", "cii", "471102", "Lieferant GmbH", "DE123456789",
         "Kunden AG Mitte", "473.00", "56.87", "529.87"),
    ],
)  # fmt: skip
def test_corpus_invoices_are_read(name, syntax, number, seller, seller_vat, buyer, net, vat, gross):
    data = invoice_read((CORPUS / name).read_bytes(), "xml")
    assert (data.syntax, data.number, data.seller_name, data.seller_vat_id, data.buyer_name) == (
        syntax,
        number,
        seller,
        seller_vat,
        buyer,
    )
    assert (data.net, data.vat, data.gross) == (Decimal(net), Decimal(vat), Decimal(gross))
    assert data.currency == "EUR"


def test_zugferd_pdf_is_read():
    data = invoice_read(zugferd_pdf(), "pdf")
    assert data.syntax == "zugferd" and data.number == "471102"
    assert data.issue_date == date(2024, 11, 15)
    assert data.gross == Decimal("529.87")


def _voucher_for(seller: str, seller_vat: str, buyer: str, valid_from: date):
    w = make_world(company_kwargs={"name": buyer})
    w.company.vat_id = ""
    w.company.save(update_fields=["vat_id"])
    w.provider.name, w.provider.vat_id = seller, seller_vat
    w.provider.save(update_fields=["name", "vat_id"])
    app = w.approved()
    # The samples are dated before today: let the voucher have been issued before them.
    Voucher.objects.filter(pk=app.voucher.pk).update(valid_from=valid_from)
    return w, app.voucher.code


def _upload(content: bytes, name: str):
    f = io.BytesIO(content)
    f.name = name
    return f


@pytest.mark.parametrize(
    ("name", "fmt"),
    [("kosit_03.06a-INVOICE_ubl.xml", "ubl"), ("kosit_03.06a-INVOICE_uncefact.xml", "cii")],
)
def test_xrechnung_proof_of_use_through_the_api(name, fmt, api_client_for):
    w, code = _voucher_for("Testverkäufer", "DE12345464867", "Testkäufer", date(2021, 1, 1))
    response = api_client_for(w.provider_user).post(
        f"/api/v1/projects/vouchers/{code}/proof",
        {
            "invoice": _upload((CORPUS / name).read_bytes(), name),
            "report": "Das Projekt wurde wie geplant abgeschlossen und abgerechnet.",
        },
    )
    assert response.status_code == 201, response.content
    proof = response.json()
    assert proof["invoice_format"] == fmt
    assert (proof["invoice_number"], proof["net"], proof["vat"], proof["gross"]) == (
        "112233",
        "1500.00",
        "304.00",
        "1804.00",
    )
    assert all(c["passed"] for c in proof["checks"])
    stored = api_client_for(w.applicant).get(f"/api/v1/projects/proofs/{proof['id']}/invoice")
    assert b"".join(stored.streaming_content) == (CORPUS / name).read_bytes()


def test_zugferd_proof_of_use_through_the_web_ui(client_for):
    w, code = _voucher_for("Lieferant GmbH", "DE123456789", "Kunden AG Mitte", date(2024, 1, 1))
    response = client_for(w.applicant).post(
        f"/vouchers/{code}/proof/",
        {
            "invoice": _upload(zugferd_pdf(), "rechnung-471102.pdf"),
            "report": "Prototyp abgenommen, Pilotbetrieb in der Fertigung läuft.",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    proof = Voucher.objects.get(code=code).proofs.get()
    assert (proof.invoice_format, proof.gross) == ("zugferd", Decimal("529.87"))
    # the stored invoice is served only to those who may see it
    assert client_for(w.applicant).get(f"/proofs/{proof.pk}/invoice").status_code == 200
    stranger = client_for(make_world().applicant)
    assert stranger.get(f"/proofs/{proof.pk}/invoice").status_code == 404


def test_invoice_that_does_not_fit_the_voucher_is_refused(api_client_for):
    w, code = _voucher_for("Somebody Else GmbH", "DE811569869", "Testkäufer", date(2021, 1, 1))
    name = "kosit_03.06a-INVOICE_ubl.xml"
    response = api_client_for(w.applicant).post(
        f"/api/v1/projects/vouchers/{code}/proof",
        {"invoice": _upload((CORPUS / name).read_bytes(), name), "report": "x" * 30},
    )
    assert response.status_code == 400 and response.json()["code"] == "invoice_mismatch"
    assert "Testverkäufer" in response.json()["message"]


def test_file_pretending_to_be_a_pdf_is_refused(api_client_for):
    w, code = _voucher_for("Testverkäufer", "DE12345464867", "Testkäufer", date(2021, 1, 1))
    response = api_client_for(w.applicant).post(
        f"/api/v1/projects/vouchers/{code}/proof",
        {"invoice": _upload(PNG_BYTES, "rechnung.pdf"), "report": "x" * 30},
    )
    assert response.status_code == 400 and response.json()["code"] == "invalid_file"
    assert "PDF" in response.json()["message"]
