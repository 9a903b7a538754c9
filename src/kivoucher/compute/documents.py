"""German PDF of line II: the notice on a change request of a compute voucher
(weasyprint), rendered once when decided and stored (`ComputeChangeNotice`)."""

from datetime import date

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from weasyprint import HTML

from kivoucher.compute.models import ComputeChangeRequest


def compute_change_requested(cr: ComputeChangeRequest) -> str:
    """What the company asked for, in words."""
    if cr.kind == ComputeChangeRequest.Kind.EXTENSION:
        return _("extension of the validity by %(n)s months") % {"n": cr.months}
    name = cr.data_centre.organisation.name if cr.data_centre_id else "–"
    return _("change of the data centre to %(name)s") % {"name": name}


def _rows(before: dict, after: dict) -> list[tuple[str, str, str]]:
    def day(value):
        return date.fromisoformat(value).strftime("%d.%m.%Y") if value else "–"

    labels = {
        "valid_until": (_("Valid until"), day),
        "data_centre": (_("Data centre"), str),
    }
    return [
        (label, show(before[key]), show(after[key]))
        for key, (label, show) in labels.items()
        if key in before and before.get(key) != after.get(key)
    ]


def compute_change_notice_pdf(*, change_request: ComputeChangeRequest) -> bytes:
    cr = change_request
    voucher = cr.voucher
    with translation.override("de"):
        context = {
            "approved": cr.status == ComputeChangeRequest.Status.APPROVED,
            "reference": cr.reference,
            "submitted_at": cr.submitted_at,
            "kind": cr.get_kind_display(),
            "requested": compute_change_requested(cr),
            "reason": cr.reason,
            "note": cr.decision_note,
            "organisation": voucher.organisation,
            "voucher_code": voucher.code,
            "programme": voucher.programme.name,
            "today": timezone.localdate(cr.decided_at or timezone.now()),
            "rows": _rows(cr.before, cr.after),
        }
        html = render_to_string("core/pdf/change_notice.html", context)
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
