"""Official documents do not change after the fact: the decision letter and the voucher
certificate are stored when issued, and later downloads give the issued PDF even
after the company renamed itself."""

import hashlib
import io
import json
import zipfile
from datetime import datetime

import pytest
from django.core.files.storage import default_storage
from django.utils import timezone
from pypdf import PdfReader

from kivoucher.applications import services
from kivoucher.applications.models import Application, IssuedDocument
from kivoucher.organizations.models import Organisation
from tests.applications.factories import make_world

pytestmark = pytest.mark.django_db

OLD, NEW = "Alte Werkstatt GmbH", "Neue Robotik AG"
LETTER, CERTIFICATE = IssuedDocument.Kind.DECISION_LETTER, IssuedDocument.Kind.VOUCHER_CERTIFICATE


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def pdf_text(content: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def _stored(document: IssuedDocument) -> bytes:
    with default_storage.open(document.path, "rb") as f:
        return f.read()


def _rename(organisation, name: str) -> None:
    Organisation.objects.filter(pk=organisation.pk).update(name=name)


def _downloads(w, app, client_for, api_client_for) -> dict[str, bytes]:
    code = app.voucher.code if hasattr(app, "voucher") else None
    web, api = client_for(w.applicant), api_client_for(w.applicant)
    urls = {"web letter": (web, f"/applications/{app.pk}/letter.pdf")}
    urls["api letter"] = (api, f"/api/v1/applications/{app.pk}/letter.pdf")
    if code:
        urls["web certificate"] = (web, f"/vouchers/{code}/certificate.pdf")
        urls["api certificate"] = (api, f"/api/v1/applications/vouchers/{code}/certificate.pdf")
    out = {}
    for label, (client, url) in urls.items():
        response = client.get(url)
        assert response.status_code == 200, (label, response.content[:200])
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"].startswith("attachment")
        out[label] = response.content
    return out


def test_approval_stores_the_letter_and_the_certificate_with_their_hash():
    w = make_world(company_kwargs={"name": OLD})
    app = w.approved()
    documents = {d.kind: d for d in IssuedDocument.objects.filter(application=app)}
    assert set(documents) == {LETTER, CERTIFICATE}
    for document in documents.values():
        content = _stored(document)
        assert content.startswith(b"%PDF")
        assert document.sha256 == hashlib.sha256(content).hexdigest()
        assert document.size == len(content) and document.content_type == "application/pdf"
        assert OLD in pdf_text(content)
    assert app.voucher.code in pdf_text(_stored(documents[CERTIFICATE]))


def test_renamed_company_downloads_the_documents_as_issued(client_for, api_client_for):
    w = make_world(company_kwargs={"name": OLD})
    app = w.approved()
    issued = {d.kind: _stored(d) for d in IssuedDocument.objects.filter(application=app)}
    _rename(w.company, NEW)
    for label, content in _downloads(w, app, client_for, api_client_for).items():
        text = pdf_text(content)
        assert OLD in text and NEW not in text, label
        assert content == issued[LETTER if "letter" in label else CERTIFICATE], label
    assert IssuedDocument.objects.filter(application=app).count() == 2  # nothing re-issued


def test_a_rejection_letter_is_stored_too(client_for, api_client_for):
    w = make_world(company_kwargs={"name": OLD})
    app = w.reviewed()
    app = services.application_decide(
        actor=w.approver, application=app, approve=False, reason="Kein KI-Bezug erkennbar."
    )
    [letter] = IssuedDocument.objects.filter(application=app)
    assert letter.kind == LETTER
    _rename(w.company, NEW)
    downloads = _downloads(w, Application.objects.get(pk=app.pk), client_for, api_client_for)
    for content in downloads.values():
        assert content == _stored(letter)
        text = pdf_text(content)
        assert OLD in text and NEW not in text and "Kein KI-Bezug" in text


def test_a_decision_without_a_stored_letter_keeps_the_first_one_served(client_for):
    """Decisions made before documents were stored: the first download issues the
    letter, dated the day of the decision, and later downloads serve that one."""
    w = make_world(company_kwargs={"name": OLD})
    app = w.approved()
    decided = timezone.make_aware(datetime(2026, 3, 2, 10, 0))
    Application.objects.filter(pk=app.pk).update(decided_at=decided)
    IssuedDocument.objects.filter(application=app).delete()
    web = client_for(w.applicant)
    first = web.get(f"/applications/{app.pk}/letter.pdf").content
    assert "02.03.2026" in pdf_text(first) and OLD in pdf_text(first)
    _rename(w.company, NEW)
    assert web.get(f"/applications/{app.pk}/letter.pdf").content == first
    assert IssuedDocument.objects.filter(application=app, kind=LETTER).count() == 1


def test_an_undecided_application_has_no_letter(client_for, api_client_for):
    w = make_world()
    app = w.submitted()
    assert client_for(w.applicant).get(f"/applications/{app.pk}/letter.pdf").status_code == 404
    api = api_client_for(w.applicant).get(f"/api/v1/applications/{app.pk}/letter.pdf")
    assert api.status_code == 404
    assert not IssuedDocument.objects.exists()


def test_the_data_export_holds_the_issued_documents(client_for):
    w = make_world(company_kwargs={"name": OLD})
    app = w.approved()
    response = client_for(w.applicant).get(f"/organisations/{w.company.pk}/data-export.zip")
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    files = json.loads(archive.read("organisation.json"))["files"]
    exported = {
        f["pk"]: archive.read(f["file"])
        for f in files
        if f["model"] == "applications.issueddocument"
    }
    stored = {d.pk: _stored(d) for d in IssuedDocument.objects.filter(application=app)}
    assert exported == stored and len(stored) == 2
