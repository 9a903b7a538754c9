"""German PDFs: the decision letter and the voucher certificate (weasyprint + segno)."""

import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from weasyprint import HTML

from kivoucher.applications.models import Application, Voucher


def verify_url(code: str) -> str:
    return f"{settings.SITE_URL.rstrip('/')}/verify/{code}"


def _pdf(template: str, context: dict) -> bytes:
    with translation.override("de"):
        html = render_to_string(template, context)
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()


def decision_letter_pdf(*, application: Application) -> bytes:
    voucher = Voucher.objects.filter(application=application).first()
    return _pdf(
        "applications/pdf/decision_letter.html",
        {
            "app": application,
            "voucher": voucher,
            "today": timezone.localdate(),
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
