"""German PDFs: the decision letter and the voucher certificate (weasyprint + segno).

They are rendered once, when issued, and stored: `services.documents`."""

from datetime import date

import segno
from django.conf import settings
from django.core.files.storage import default_storage
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone, translation
from weasyprint import HTML

from kivoucher.applications.models import Application, ChangeRequest, IssuedDocument, Voucher
from kivoucher.core.money import format_eur
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


def change_request_requested(cr: ChangeRequest) -> str:
    """What the company asked for, in words."""
    from django.utils.translation import gettext as _

    if cr.kind == ChangeRequest.Kind.EXTENSION:
        return _("extension of the validity by %(n)s months") % {"n": cr.months}
    if cr.kind == ChangeRequest.Kind.PROVIDER:
        return _("change of the provider to %(name)s") % {
            "name": cr.provider.name if cr.provider_id else "–"
        }
    return _("new planned eligible costs of %(costs)s") % {
        "costs": format_eur(cr.planned_costs or 0)
    }


def _change_rows(before: dict, after: dict) -> list[tuple[str, str, str]]:
    from django.utils.translation import gettext as _

    def day(value):
        return date.fromisoformat(value).strftime("%d.%m.%Y") if value else "–"

    labels = {
        "amount": (_("Grant (maximum)"), format_eur),
        "planned_costs": (_("Planned eligible costs"), format_eur),
        "valid_until": (_("Valid until"), day),
        "provider": (_("Provider"), str),
    }
    return [
        (label, show(before[key]), show(after[key]))
        for key, (label, show) in labels.items()
        if key in before and before.get(key) != after.get(key)
    ]


def change_notice_pdf(*, change_request: ChangeRequest) -> bytes:
    """The German notice on a decided change request (approval: Änderungsbescheid)."""
    cr = change_request
    app = cr.voucher.application
    with translation.override("de"):
        context = {
            "approved": cr.status == ChangeRequest.Status.APPROVED,
            "reference": cr.reference,
            "submitted_at": cr.submitted_at,
            "kind": cr.get_kind_display(),
            "requested": change_request_requested(cr),
            "reason": cr.reason,
            "note": cr.decision_note,
            "organisation": app.organisation,
            "voucher_code": cr.voucher.code,
            "programme": f"{app.programme.name}, {app.reference}",
            "today": timezone.localdate(cr.decided_at or timezone.now()),
            "rows": _change_rows(cr.before, cr.after),
        }
    return _pdf("core/pdf/change_notice.html", context)


def issued_pdf_response(document: IssuedDocument, *, filename: str) -> HttpResponse:
    """The stored bytes of an issued document as a download (after the access check)."""
    with default_storage.open(document.path, "rb") as stored:
        response = HttpResponse(stored.read(), content_type=document.content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
