"""Official documents are issued once: the decision letter when the application is
decided, the voucher certificate when the voucher is issued. The PDF is stored
(`core.uploads`, with its SHA-256) and every later download serves the stored
bytes, so a document never changes after the fact.

A decision or voucher older than this rule (or a rejection by lottery, which
renders no letter while it draws) gets its document on the first download, and
that one is kept from then on.
"""

from django.db import IntegrityError, transaction

from kivoucher.applications.documents import decision_letter_pdf, voucher_certificate_pdf
from kivoucher.applications.models import Application, IssuedDocument, Voucher
from kivoucher.core.errors import NotFound
from kivoucher.core.uploads import PDF, CheckedUpload

DECIDED = (Application.Status.APPROVED, Application.Status.REJECTED)


def _issue(*, application: Application, kind: str, render, filename: str) -> IssuedDocument:
    existing = IssuedDocument.objects.filter(application=application, kind=kind).first()
    if existing is not None:
        return existing
    document = IssuedDocument(application=application, kind=kind)
    document.fill_from(
        CheckedUpload(kind=PDF, content=render(), original_name=filename),
        folder=f"documents/{application.pk}",
    )
    try:
        with transaction.atomic():
            document.save()
    except IntegrityError:  # issued by a parallel request in the meantime: theirs counts
        return IssuedDocument.objects.get(application=application, kind=kind)
    return document


def decision_letter_issue(
    *, application: Application, content: bytes | None = None
) -> IssuedDocument:
    """The decision letter of a decided application, rendered (unless `content` is the
    letter rendered beforehand) and stored the first time."""
    if application.status not in DECIDED and application.decided_at is None:
        raise NotFound("There is no decision yet.")
    return _issue(
        application=application,
        kind=IssuedDocument.Kind.DECISION_LETTER,
        render=lambda: content or decision_letter_pdf(application=application),
        filename=f"Bescheid-{application.reference}.pdf",
    )


def voucher_certificate_issue(*, voucher: Voucher, content: bytes | None = None) -> IssuedDocument:
    """The certificate of a voucher, rendered (unless `content` is the certificate
    rendered beforehand) and stored the first time."""
    return _issue(
        application=voucher.application,
        kind=IssuedDocument.Kind.VOUCHER_CERTIFICATE,
        render=lambda: content or voucher_certificate_pdf(voucher=voucher),
        filename=f"Voucher-{voucher.code}.pdf",
    )
