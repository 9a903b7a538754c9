"""The checks of a proof of use are shown in the reader's language, whatever language
the submitter used: they are stored as message ids and figures and translated when
shown. Proofs stored before keep their text and are shown as stored."""

from decimal import Decimal

import pytest
from django.utils import translation

from kivoucher.core.uploads import upload_check
from kivoucher.projects.models import ProofOfUse
from kivoucher.projects.services import proof_submit
from tests.applications.factories import PDF_BYTES, make_world

pytestmark = pytest.mark.django_db


def _submitted_in_german():
    w = make_world()
    app = w.approved()
    with translation.override("de"):
        proof = proof_submit(
            actor=w.applicant,
            voucher=app.voucher,
            invoice=upload_check(PDF_BYTES, name="r.pdf"),
            report="Projekt abgeschlossen, Ergebnis im Einsatz.",
            amounts={"invoice_number": "R-1", "net": "20000", "vat": "0", "gross": "20000"},
        )
    return w, proof


def _page(client, proof, language):
    return client.get(f"/proofs/{proof.pk}/", HTTP_ACCEPT_LANGUAGE=language).content.decode()


def test_the_checks_are_shown_in_english_to_an_english_reader(client_for):
    w, proof = _submitted_in_german()
    page = _page(client_for(w.applicant), proof, "en")
    assert "Invoice in euros" in page and "Currency: EUR" in page
    assert "Seller is the voucher&#x27;s provider" in page
    assert "Net plus VAT equals gross" in page
    assert "Rechnung in Euro" not in page and "Währung" not in page


def test_and_in_german_to_a_german_reader(client_for):
    w, proof = _submitted_in_german()
    page = _page(client_for(w.applicant), proof, "de")
    assert "Rechnung in Euro" in page and "Währung: EUR" in page
    assert "Invoice in euros" not in page


def test_the_stored_checks_keep_message_ids_and_figures():
    _w, proof = _submitted_in_german()
    check = next(
        c for c in ProofOfUse.objects.get(pk=proof.pk).checks if c["code"] == "currency_eur"
    )
    assert check["label"] == "Rechnung in Euro"  # as the submitter read it
    assert check["texts"] == {
        "label": {"msgid": "Invoice in euros", "params": {}},
        "explanation": {"msgid": "Currency: %(c)s", "params": {"c": "EUR"}},
    }


def test_a_proof_stored_before_is_shown_as_stored(client_for):
    w, proof = _submitted_in_german()
    ProofOfUse.objects.filter(pk=proof.pk).update(
        checks=[
            {
                "code": "currency_eur",
                "label": "Rechnung in Euro",
                "passed": True,
                "explanation": "Währung: EUR",
            }
        ]
    )
    page = _page(client_for(w.applicant), proof, "en")
    assert "Rechnung in Euro" in page and "Währung: EUR" in page


def test_a_mismatch_is_refused_in_the_submitters_language():
    w = make_world()
    app = w.approved()
    with translation.override("en"), pytest.raises(Exception) as exc:
        proof_submit(
            actor=w.applicant,
            voucher=app.voucher,
            invoice=upload_check(PDF_BYTES, name="r.pdf"),
            report="Projekt abgeschlossen, Ergebnis im Einsatz.",
            amounts={
                "invoice_number": "R-1",
                "net": Decimal("100"),
                "vat": Decimal("19"),
                "gross": Decimal("100"),
            },
        )
    assert getattr(exc.value, "code", "") == "invoice_mismatch"
    assert "Net plus VAT equals gross" in exc.value.message
