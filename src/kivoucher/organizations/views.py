from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from kivoucher.core.errors import NotFound
from kivoucher.organizations.forms import OrganisationForm
from kivoucher.organizations.selectors import (
    enterprise_group,
    organisation_get_for_user,
    organisations_for_user,
)
from kivoucher.organizations.services import organisation_update
from kivoucher.programmes.eligibility import eligibility_check
from kivoucher.programmes.selectors import programmes_all


def _get(user, pk: int):
    try:
        return organisation_get_for_user(user=user, pk=pk)
    except NotFound:
        raise Http404


@login_required
def organisation_list(request):
    organisations = organisations_for_user(user=request.user).order_by("name")
    if organisations.count() == 1 and not request.user.is_programme_staff:
        return redirect("organisation-detail", pk=organisations.get().pk)
    return render(request, "organizations/list.html", {"organisations": organisations[:500]})


@login_required
def organisation_detail(request, pk: int):
    organisation = _get(request.user, pk)
    checks = [
        (programme, eligibility_check(programme=programme, organisation=organisation))
        for programme in programmes_all().exclude(line="presale")
    ]
    return render(
        request,
        "organizations/detail.html",
        {
            "organisation": organisation,
            "group": enterprise_group(organisation=organisation),
            "checks": checks,
            "may_edit": not request.user.role == "auditor",
        },
    )


@login_required
def organisation_edit(request, pk: int):
    organisation = _get(request.user, pk)
    if request.user.role == "auditor":
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
