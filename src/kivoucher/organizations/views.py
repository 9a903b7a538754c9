from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from kivoucher.core.errors import DomainError
from kivoucher.core.roles import Role
from kivoucher.core.web import domain_error_show
from kivoucher.organizations.bank_details import BANK_FIELDS, bank_details_held
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
        # The form has written its values onto `organisation` while validating; the
        # service compares against the stored row, so it gets a fresh copy of it.
        stored = organisation_get_for_user(user=request.user, pk=pk)
        try:
            organisation = organisation_update(
                actor=request.user, organisation=stored, **form.cleaned_data
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                for error in errors:
                    form.add_error(field if field in form.fields else None, error)
        except DomainError as exc:  # e.g. a change of bank details already waits
            domain_error_show(request, exc, form=form)
        else:
            messages.success(request, _("The company data was saved."))
            submitted = {name: form.cleaned_data.get(name) for name in BANK_FIELDS}
            if bank_details_held(organisation, submitted):
                messages.warning(
                    request,
                    _(
                        "The change of bank details awaits confirmation by a second person; "
                        "until then payouts are held and the previous account stays on file."
                    ),
                )
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
