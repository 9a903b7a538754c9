"""German PDFs: the decision letter and the voucher certificate (weasyprint + segno).

They are rendered once, when issued, and stored: `services.documents`."""

import segno
from django.conf import settings
from django.core.files.storage import default_storage
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone, translation
from weasyprint import HTML

from kivoucher.applications.models import Application, IssuedDocument, Voucher
from kivoucher.core.site import absolute_url


def verify_url(code: str) -> str:
    return absolute_url(f"/verify/{code}")


def _pdf(template: str, context: dict) -> bytes:
    with translation.override("de"):
        html = render_to_string(template, context)
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()


def decision_letter_pdf(*, application: Application, voucher: Voucher | None = None) -> bytes:
    """The letter; `voucher` is the application's voucher (looked up when not given)."""
    if voucher is None:
        voucher = Voucher.objects.filter(application=application).first()
    return _pdf(
        "applications/pdf/decision_letter.html",
        {
            "app": application,
            "voucher": voucher,
            # The letter is dated the day of the decision, whenever it is rendered.
            "today": timezone.localdate(application.decided_at or timezone.now()),
            "rate_percent": round(
                application.programme.rate_for(application.size_class or "large") * 100
            ),
        },
    )


def voucher_certificate_pdf(*, voucher: Voucher) -> bytes:
    url = verify_url(voucher.code)
    qr = segno.make(url, error="m").svg_data_uri(scale=4)
    return _pdf(
        "applications/pdf/certificate.html",
        {"voucher": voucher, "app": voucher.application, "qr": qr, "verify_url": url},
    )


def issued_pdf_response(document: IssuedDocument, *, filename: str) -> HttpResponse:
    """The stored bytes of an issued document as a download (after the access check)."""
    with default_storage.open(document.path, "rb") as stored:
        response = HttpResponse(stored.read(), content_type=document.content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
