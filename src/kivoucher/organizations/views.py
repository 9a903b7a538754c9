from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from kivoucher.core.roles import Role
from kivoucher.organizations.forms import OrganisationForm
from kivoucher.organizations.gdpr import organisation_export_zip
from kivoucher.organizations.selectors import organisation_get_for_user, organisations_for_user
from kivoucher.organizations.services import organisation_update

# The organisation's page with its eligibility ("organisation-detail") is served by
# the programmes app, which owns the eligibility rules.


@login_required
def organisation_list(request):
    organisations = organisations_for_user(user=request.user).order_by("name")
    if organisations.count() == 1 and not request.user.sees_everything:
        return redirect("organisation-detail", pk=organisations.get().pk)
    return render(request, "organizations/list.html", {"organisations": organisations[:500]})


@login_required
def organisation_edit(request, pk: int):
    organisation = organisation_get_for_user(user=request.user, pk=pk)
    if request.user.role == Role.AUDITOR:
        raise Http404
    form = OrganisationForm(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            organisation_update(actor=request.user, organisation=organisation, **form.cleaned_data)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                for error in errors:
                    form.add_error(field if field in form.fields else None, error)
        else:
            messages.success(request, _("The company data was saved."))
            return redirect("organisation-detail", pk=organisation.pk)
    return render(request, "organizations/edit.html", {"organisation": organisation, "form": form})


@login_required
def personal_data(request):
    """What the platform stores about me and my organisations, with the export."""
    memberships = request.user.memberships.select_related("organisation").order_by("pk")
    years = round(settings.KIVOUCHER_PERSONAL_DATA_RETENTION_DAYS / 365)
    return render(
        request,
        "organizations/personal_data.html",
        {"memberships": memberships, "retention_years": years},
    )


@never_cache
@login_required
def organisation_export(request, org_id: int):
    organisation = organisation_get_for_user(user=request.user, pk=org_id)
    response = HttpResponse(
        organisation_export_zip(organisation=organisation), content_type="application/zip"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="organisation-{organisation.pk}-data.zip"'
    )
    return response
