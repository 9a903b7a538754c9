"""An approval commits the grant from the call's budget through the ledger. Its two
documents are rendered before the shared locks are taken, from the state the approval
saves; a budget that visibly cannot hold the grant refuses before rendering, and the
ledger's check under the budget's lock stays the one that decides."""

import io
from decimal import Decimal

import pytest
from pypdf import PdfReader

from kivoucher.applications.models import Application, IssuedDocument, Voucher
from kivoucher.applications.services import decision
from kivoucher.core.errors import Conflict
from kivoucher.ledger.models import Transfer
from kivoucher.programmes.services import call_budget_account, call_committed_account
from tests.applications.factories import make_world

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def pdf_text(document: IssuedDocument) -> str:
    from django.core.files.storage import default_storage

    with default_storage.open(document.path, "rb") as f:
        content = f.read()
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_the_documents_rendered_before_the_locks_name_what_was_saved():
    w = make_world(budget=D("50000"))
    app = w.approved()
    voucher = Voucher.objects.get(application=app)
    assert app.status == Application.Status.APPROVED and app.granted_amount == D("32000.00")
    assert voucher.amount == app.granted_amount
    documents = {d.kind: d for d in IssuedDocument.objects.filter(application=app)}
    letter = pdf_text(documents[IssuedDocument.Kind.DECISION_LETTER])
    certificate = pdf_text(documents[IssuedDocument.Kind.VOUCHER_CERTIFICATE])
    assert voucher.code in letter and "32.000,00" in letter
    assert voucher.code in certificate
    assert voucher.valid_until.strftime("%d.%m.%Y") in certificate
    assert call_committed_account(w.call).balance == D("32000.00")


def _refused(w, app) -> Conflict:
    with pytest.raises(Conflict) as exc:
        decision.application_decide(actor=w.approver, application=app, approve=True)
    return exc.value


@pytest.mark.parametrize("precheck", ["on", "off"])
def test_a_grant_beyond_the_budget_is_refused_and_nothing_is_saved(monkeypatch, precheck):
    w = make_world(budget=D("50000"))
    w.approved()
    second = w.reviewed()
    if precheck == "off":  # as if a parallel approval committed after the pre-check
        monkeypatch.setattr(decision, "_budget_precheck", lambda app, grant: None)
    assert _refused(w, second).code == "budget_exhausted"
    second.refresh_from_db()
    assert second.status == Application.Status.REVIEWED and second.granted_amount is None
    assert not Voucher.objects.filter(application=second).exists()
    assert not IssuedDocument.objects.filter(application=second).exists()
    assert not Transfer.objects.filter(key=f"application:{second.pk}:commit").exists()
    assert call_budget_account(w.call).balance == D("18000.00")
