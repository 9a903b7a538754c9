"""The organisation's data export carries its uploaded files: the invoices of its proofs
of use and the evidence of its accreditations, byte for byte, and nobody else's."""

import hashlib
import io
import json
import zipfile
from datetime import date

import pytest
from django.core.files.storage import default_storage

from kivoucher.applications.models import Voucher
from kivoucher.core.uploads import INVOICES, upload_check
from kivoucher.projects.models import ProofOfUse
from kivoucher.projects.services import proof_submit
from kivoucher.providers.models import Evidence
from tests.applications.factories import PDF_BYTES, make_world
from tests.corpora import corpus

pytestmark = pytest.mark.django_db

INVOICE = "kosit_03.06a-INVOICE_ubl.xml"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def world():
    """A company whose proof of use holds a real XRechnung from the KoSIT test suite,
    and an accredited provider with its evidence."""
    w = make_world(company_kwargs={"name": "Testkäufer"})
    w.company.vat_id = ""
    w.company.save(update_fields=["vat_id"])
    w.provider.name, w.provider.vat_id = "Testverkäufer", "DE12345464867"
    w.provider.save(update_fields=["name", "vat_id"])
    app = w.approved()
    Voucher.objects.filter(pk=app.voucher.pk).update(valid_from=date(2021, 1, 1))
    app.voucher.refresh_from_db()
    invoice = (corpus("xrechnung") / INVOICE).read_bytes()
    w.proof = proof_submit(
        actor=w.provider_user,
        voucher=app.voucher,
        invoice=upload_check(invoice, allowed=INVOICES, name=INVOICE),
        report="Das Projekt wurde wie geplant abgeschlossen und abgerechnet.",
    )
    w.invoice = invoice
    return w


def _export(client, organisation) -> tuple[zipfile.ZipFile, dict]:
    response = client.get(f"/organisations/{organisation.pk}/data-export.zip")
    assert response.status_code == 200, response.content[:300]
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    return archive, json.loads(archive.read("organisation.json"))


def _by_model(document: dict, label: str) -> list[dict]:
    return [f for f in document["files"] if f["model"] == label]


def test_the_company_export_holds_the_invoice_it_uploaded(world, client_for):
    archive, document = _export(client_for(world.applicant), world.company)
    [entry] = _by_model(document, "projects.proofofuse")
    assert entry["pk"] == world.proof.pk and entry["original_name"] == INVOICE
    assert archive.read(entry["file"]) == world.invoice
    assert entry["sha256"] == hashlib.sha256(world.invoice).hexdigest() == world.proof.sha256
    assert entry["file"] in archive.namelist() and entry["file"].startswith("files/")
    assert _by_model(document, "providers.evidence") == []  # the provider's, not the company's


def test_the_provider_export_holds_its_evidence_and_the_invoice_it_issued(world, client_for):
    evidence = Evidence.objects.get(accreditation__organisation=world.provider)
    archive, document = _export(client_for(world.provider_user), world.provider)
    [entry] = _by_model(document, "providers.evidence")
    assert entry["original_name"] == "referenzen.pdf"
    assert archive.read(entry["file"]) == PDF_BYTES
    assert entry["sha256"] == evidence.sha256
    [invoice] = _by_model(document, "projects.proofofuse")
    assert archive.read(invoice["file"]) == world.invoice


def test_no_file_of_another_organisation_is_exported(world, client_for):
    other = make_world()  # its own provider, evidence and company
    archive, document = _export(client_for(other.applicant), other.company)
    assert document["files"] == []
    assert [n for n in archive.namelist() if n.startswith("files/")] == []


def test_a_missing_file_is_listed_as_missing_and_names_are_made_safe(world, client_for):
    ProofOfUse.objects.filter(pk=world.proof.pk).update(original_name="../../etc/passwd")
    evidence = Evidence.objects.get(accreditation__organisation=world.provider)
    default_storage.delete(evidence.path)
    archive, document = _export(client_for(world.provider_user), world.provider)
    [gone] = _by_model(document, "providers.evidence")
    assert gone["missing"] is True and "file" not in gone
    [invoice] = _by_model(document, "projects.proofofuse")
    assert invoice["file"] == f"files/projects.proofofuse/{world.proof.pk}/_.._etc_passwd"
    assert archive.read(invoice["file"]) == world.invoice
    assert all(".." not in n.split("/") for n in archive.namelist())
