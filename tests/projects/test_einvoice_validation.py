"""Issue 22, item 1 for line I: every e-invoice of a proof of use or an instalment is
checked against EN 16931 / XRechnung; a fatal finding refuses the upload with a German
explanation naming the rule (nothing saved), warnings are stored with the upload and
shown to the caseworker (proof page, instalment page, API)."""

from datetime import date

import pytest
from drafthorse.pdf import attach_xml
from weasyprint import HTML

from kivoucher.applications.models import Voucher
from kivoucher.projects.models import Instalment, InstalmentInvoice, ProofOfUse
from tests.corpora import corpus
from tests.e2e.openapi_check import CheckedApi
from tests.e2e.test_line1_einvoices import _upload, _voucher_for
from tests.factories import UserFactory

CORPUS = corpus("xrechnung")
WITH_WARNING = "zugferd_2p3_XRECHNUNG_Einfach.xml"  # CII-SR-465: one BT-41 only (a warning)
UBL = "kosit_03.06a-INVOICE_ubl.xml"
REPORT = "Das Projekt wurde wie geplant abgeschlossen und abgerechnet."

pytestmark = pytest.mark.django_db


def _broken_ubl() -> bytes:
    xml = (CORPUS / UBL).read_bytes()
    broken = xml.replace(
        b'<cbc:PayableAmount currencyID="EUR">', b'<cbc:PayableAmount currencyID="EUR">9', 1
    )
    assert broken != xml
    return broken


def _lieferant_voucher():
    return _voucher_for("Lieferant GmbH", "DE123456789", "Kunden AG Mitte", date(2024, 1, 1))


def test_the_rule_check_is_stored_with_the_proof_and_shown(api_client_for, client_for):
    w, code = _lieferant_voucher()
    api = CheckedApi(api_client_for(w.provider_user))
    response = api.post_form(
        f"/api/v1/projects/vouchers/{code}/proof",
        {
            "invoice": _upload((CORPUS / WITH_WARNING).read_bytes(), "rechnung.xml"),
            "report": REPORT,
        },
    )
    assert response.status_code == 201, response.content
    validation = response.json()["einvoice_validation"]
    assert validation["syntax"] == "CII" and validation["is_xrechnung"] is True
    (warning,) = [f for f in validation["findings"] if f["severity"] == "warning"]
    assert warning["rule_id"] == "CII-SR-465"
    assert warning["location"].startswith("/rsm:CrossIndustryInvoice/")
    assert "Regel CII-SR-465" in warning["explanation"]
    proof = ProofOfUse.objects.get(pk=response.json()["id"])
    assert proof.einvoice_validation["findings"][0]["rule_id"] == "CII-SR-465"

    caseworker = client_for(UserFactory(role="caseworker"))
    page = caseworker.get(f"/proofs/{proof.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "E-invoice rules (EN 16931, XRechnung)" in page
    assert "Warning CII-SR-465" in page and "/rsm:CrossIndustryInvoice/" in page


def test_a_proof_with_a_broken_invoice_is_refused_naming_the_rule(api_client_for, client_for):
    w, code = _voucher_for("Testverkäufer", "DE12345464867", "Testkäufer", date(2021, 1, 1))
    response = api_client_for(w.provider_user).post(
        f"/api/v1/projects/vouchers/{code}/proof",
        {"invoice": _upload(_broken_ubl(), "rechnung.xml"), "report": REPORT},
    )
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "einvoice_invalid"
    assert "BR-CO-16" in body["message"] and "Der Zahlbetrag stimmt nicht" in body["message"]
    assert "rechnung.xml" in body["message"]
    # the web form says the same, and nothing was saved
    page = client_for(w.applicant).post(
        f"/vouchers/{code}/proof/",
        {"invoice": _upload(_broken_ubl(), "rechnung.xml"), "report": REPORT},
    )
    assert page.status_code == 200 and "BR-CO-16" in page.content.decode()
    assert not Voucher.objects.get(code=code).proofs.exists()


def test_a_zugferd_pdf_carrying_a_broken_invoice_is_refused(api_client_for):
    w, code = _lieferant_voucher()
    xml = (CORPUS / "zugferd_2p3_EN16931_Einfach.xml").read_bytes()
    broken = xml.replace(b"<ram:DuePayableAmount>529.87", b"<ram:DuePayableAmount>1.00")
    assert broken != xml
    pdf = attach_xml(HTML(string="<h1>Rechnung 471102</h1>").write_pdf(), broken, "EN 16931")
    response = api_client_for(w.applicant).post(
        f"/api/v1/projects/vouchers/{code}/proof",
        {"invoice": _upload(pdf, "rechnung.pdf"), "report": REPORT},
    )
    assert response.status_code == 400 and response.json()["code"] == "einvoice_invalid"
    assert "BR-CO-16" in response.json()["message"]
    assert not ProofOfUse.objects.exists()


def test_instalment_invoices_are_checked_and_their_findings_shown(api_client_for, client_for):
    w, code = _lieferant_voucher()
    w.programme.instalments_max = 2
    w.programme.save(update_fields=["instalments_max"])
    api = CheckedApi(api_client_for(w.applicant))
    refused = api.post_form(
        f"/api/v1/projects/vouchers/{code}/instalments",
        {
            "invoices": [
                _upload((CORPUS / WITH_WARNING).read_bytes(), "gut.xml"),
                _upload(_broken_ubl(), "kaputt.xml"),
            ]
        },
    )
    assert refused.status_code == 400 and refused.json()["code"] == "einvoice_invalid"
    assert "kaputt.xml" in refused.json()["message"] and "BR-CO-16" in refused.json()["message"]
    assert not Instalment.objects.exists()

    done = api.post_form(
        f"/api/v1/projects/vouchers/{code}/instalments",
        {"invoices": [_upload((CORPUS / WITH_WARNING).read_bytes(), "gut.xml")]},
    )
    assert done.status_code == 201, done.content
    (invoice,) = done.json()["invoices"]
    assert [f["rule_id"] for f in invoice["einvoice_validation"]["findings"]] == ["CII-SR-465"]
    stored = InstalmentInvoice.objects.get()
    assert stored.einvoice_validation["findings"][0]["severity"] == "warning"
    page = client_for(UserFactory(role="caseworker")).get(
        f"/instalments/{stored.instalment_id}/", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert page.status_code == 200
    assert "<h4>E-invoice rules (EN 16931, XRechnung)</h4>" in page.content.decode()
    assert "Warning CII-SR-465" in page.content.decode()


def test_a_pdf_without_e_invoice_has_no_rule_check(api_client_for):
    from tests.applications.factories import PDF_BYTES

    w, code = _lieferant_voucher()
    response = api_client_for(w.applicant).post(
        f"/api/v1/projects/vouchers/{code}/proof",
        {
            "invoice": _upload(PDF_BYTES, "rechnung.pdf"),
            "report": REPORT,
            "invoice_number": "R-1",
            "invoice_date": "2024-11-15",
            "net": "100.00",
            "vat": "19.00",
            "gross": "119.00",
        },
    )
    assert response.status_code == 201, response.content
    assert response.json()["einvoice_validation"] is None
