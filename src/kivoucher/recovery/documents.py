"""German PDFs of a recovery: the hearing notice (§ 28 VwVfG) and the decision letter
(§§ 48, 49, 49a VwVfG). Rendered from the case's stored fields (the deadline, the
decided amount, the interest computation as decided), so a later rendering shows
the letter as it was issued."""

from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import HTML

from kivoucher.recovery.models import RecoveryCase
from kivoucher.recovery.services import objection_deadline


def _pdf(template: str, context: dict) -> bytes:
    with translation.override("de"):
        html = render_to_string(template, context)
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()


def _context(case: RecoveryCase) -> dict:
    return {
        "case": case,
        "authority": settings.KIVOUCHER_GRANTING_AUTHORITY,
        "receivable": case.receivable,
        "interest": case.interest_detail or {},
        "objection_deadline": objection_deadline(case),
    }


def hearing_notice_pdf(*, case: RecoveryCase) -> bytes:
    return _pdf("recovery/pdf/hearing.html", _context(case))


def decision_letter_pdf(*, case: RecoveryCase) -> bytes:
    return _pdf("recovery/pdf/decision.html", _context(case))


def pdf_response(content: bytes, *, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
