from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from kivoucher.core.errors import PermissionDenied
from kivoucher.core.roles import Role
from kivoucher.organizations.selectors import enterprise_group, organisation_get_for_user
from kivoucher.programmes.eligibility import eligibility_check
from kivoucher.programmes.models import Call, Line
from kivoucher.programmes.selectors import calls_open, calls_with_budget_figures, programmes_all


def index(request):
    """The public landing page: the programme lines and the calls open now."""
    return render(request, "programmes/index.html", {"open_calls": calls_open()})


def call_list(request):
    calls = Call.objects.select_related("programme").order_by("programme__line", "-opens_at")
    rows = calls_with_budget_figures(calls=calls[:200])
    for row in rows:
        total = row["total"] or 1
        row["used_percent"] = int((total - row["available"]) * 100 / total)
    return render(request, "programmes/call_list.html", {"rows": rows})


@login_required
def organisation_detail(request, pk: int):
    """An organisation's key figures and its eligibility for each programme line it can
    apply to (served here, above organisations, because eligibility is the programmes')."""
    organisation = organisation_get_for_user(user=request.user, pk=pk)
    checks = [
        (programme, eligibility_check(programme=programme, organisation=organisation))
        for programme in programmes_all().exclude(line=Line.PRESALE)
    ]
    return render(
        request,
        "programmes/organisation_detail.html",
        {
            "organisation": organisation,
            "group": enterprise_group(organisation=organisation),
            "checks": checks,
            "may_edit": request.user.role != Role.AUDITOR,
        },
    )


DEMINIMIS_FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def deminimis_register_response(fmt: str) -> HttpResponse:
    """The de-minimis register (every award and reduction) as a CSV or XLSX download."""
    from kivoucher.programmes.deminimis_export import register_csv, register_xlsx

    content = register_csv() if fmt == "csv" else register_xlsx()
    response = HttpResponse(content, content_type=DEMINIMIS_FORMATS[fmt])
    name = f"de-minimis-register-{timezone.localdate().isoformat()}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def deminimis_register(request, fmt: str):
    if fmt not in DEMINIMIS_FORMATS:
        raise Http404
    if not request.user.sees_everything:
        raise PermissionDenied(_("Only programme staff export the de-minimis register."))
    return deminimis_register_response(fmt)
