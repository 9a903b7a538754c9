from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render, resolve_url
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from kivoucher.core.errors import DomainError, PermissionDenied
from kivoucher.core.roles import Role
from kivoucher.core.web import domain_error_show, service_run
from kivoucher.organizations.bank_details import BANK_FIELDS, bank_details_held
from kivoucher.organizations.forms import (
    ROLE_CHOICES,
    HandOverForm,
    InvitationForm,
    JoinDecisionForm,
    JoinRequestForm,
    OrganisationForm,
    OrganisationRegisterForm,
    RoleForm,
)
from kivoucher.organizations.gdpr import organisation_export_zip
from kivoucher.organizations.members import (
    InvitationUnusable,
    invitation_accept,
    invitation_create,
    invitation_email_matches,
    invitation_for_token,
    invitation_revoke,
    membership_leave,
    membership_leave_refusal,
    membership_remove,
    membership_role_change,
    ownership_hand_over,
)
from kivoucher.organizations.models import Membership
from kivoucher.organizations.registration import (
    OrganisationExists,
    join_request_create,
    join_request_decide,
)
from kivoucher.organizations.registration import (
    organisation_register as organisation_register_service,
)
from kivoucher.organizations.selectors import (
    invitations_pending,
    join_requests_of,
    join_requests_pending,
    members_of,
    membership_get_for_user,
    membership_is_owner,
    membership_of,
    membership_owner_check,
    organisation_get_for_user,
    organisations_for_user,
)
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
    membership = membership_of(user=request.user, organisation=organisation)
    if membership is not None and membership.role == Membership.Role.MEMBER:
        raise PermissionDenied(
            _("Members read the company data; owners and signatories change it."),
            code="owner_required",
        )
    form = OrganisationForm(request.POST or None, instance=organisation)
    if membership is not None and membership.role != Membership.Role.OWNER:
        # Only owners change the bank details: shown, not editable.
        for name in BANK_FIELDS:
            form.fields[name].disabled = True
            form.fields[name].help_text = _("Only owners change the bank details.")
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


# --- self-service: registration, joining, members -----------------------------------------
def signup_url() -> str:
    """The sign-up page (django-allauth's `account_signup`), or the sign-in page where
    sign-up is not installed."""
    try:
        return reverse("account_signup")
    except NoReverseMatch:
        return resolve_url(settings.LOGIN_URL)


def _with_next(url: str, next_path: str) -> str:
    return f"{url}?{urlencode({'next': next_path})}"


def _not_for_staff(request) -> None:
    """Programme staff act for no organisation: they do not register or join one."""
    if request.user.sees_everything:
        raise Http404


@login_required
def organisation_register(request):
    _not_for_staff(request)
    form = OrganisationRegisterForm(request.POST or None)
    join_form = None
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            organisation = organisation_register_service(actor=request.user, **data)
        except OrganisationExists as exc:
            form.add_error(None, exc.message)
            join_form = JoinRequestForm(
                initial={
                    "register_court": data.get("register_court", ""),
                    "register_number": data.get("register_number", ""),
                    "vat_id": data.get("vat_id", ""),
                }
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                for error in errors:
                    form.add_error(field if field in form.fields else None, error)
        except DomainError as exc:
            domain_error_show(request, exc, form=form)
        else:
            messages.success(
                request,
                _("%(name)s is registered and you are its owner.") % {"name": organisation.name},
            )
            return redirect("organisation-members", pk=organisation.pk)
    return render(
        request,
        "organizations/register.html",
        {"form": form, "join_form": join_form},
        status=409 if join_form is not None else 200,
    )


@login_required
def organisation_join(request):
    _not_for_staff(request)
    form = JoinRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        outcome = service_run(
            request,
            lambda: join_request_create(actor=request.user, **form.cleaned_data),
            form=form,
        )
        if outcome:
            messages.success(
                request,
                _(
                    "Your request was sent to the owners of the organisation. You will "
                    "receive an e-mail when they have decided."
                ),
            )
            return redirect("organisation-list")
    requests = join_requests_of(user=request.user).order_by("-created_at")[:20]
    return render(request, "organizations/join.html", {"form": form, "requests": requests})


def _members_context(request, organisation):
    user = request.user
    is_owner = membership_is_owner(user=user, organisation=organisation)
    manages = is_owner or user.may_act_as_staff
    members = list(members_of(organisation=organisation))
    mine = next((m for m in members if m.user_id == user.pk), None)
    return {
        "organisation": organisation,
        "members": members,
        "mine": mine,
        "is_owner": is_owner,
        "manages": manages,
        "invitations": invitations_pending(organisation=organisation) if manages else [],
        "join_requests": join_requests_pending(organisation=organisation) if manages else [],
        "invite_form": InvitationForm(),
        "role_choices": ROLE_CHOICES,
        "hand_over_form": HandOverForm(members=[m for m in members if m.user_id != user.pk])
        if is_owner and len(members) > 1
        else None,
        "join_form": JoinDecisionForm(),
        "leave_refusal": membership_leave_refusal(user=user, organisation=organisation)
        if mine
        else None,
    }


@login_required
def organisation_members(request, pk: int):
    organisation = organisation_get_for_user(user=request.user, pk=pk)
    return render(request, "organizations/members.html", _members_context(request, organisation))


def _back(pk: int):
    return redirect("organisation-members", pk=pk)


@login_required
@require_POST
def organisation_invite(request, pk: int):
    organisation = organisation_get_for_user(user=request.user, pk=pk)
    membership_owner_check(actor=request.user, organisation=organisation)
    form = InvitationForm(request.POST)
    if not form.is_valid():
        context = _members_context(request, organisation) | {"invite_form": form}
        return render(request, "organizations/members.html", context, status=400)
    service_run(
        request,
        lambda: invitation_create(
            actor=request.user, organisation=organisation, **form.cleaned_data
        ),
        success=_("The invitation was sent to %(email)s.") % {"email": form.cleaned_data["email"]},
    )
    return _back(pk)


@login_required
@require_POST
def organisation_invitation_revoke(request, pk: int, invitation_id: int):
    organisation = organisation_get_for_user(user=request.user, pk=pk)
    membership_owner_check(actor=request.user, organisation=organisation)
    invitation = get_object_or_404(organisation.invitations, pk=invitation_id)
    service_run(
        request,
        lambda: invitation_revoke(actor=request.user, invitation=invitation),
        success=_("The invitation was withdrawn."),
    )
    return _back(pk)


@login_required
@require_POST
def organisation_member_role(request, pk: int, membership_id: int):
    organisation = organisation_get_for_user(user=request.user, pk=pk)
    membership_owner_check(actor=request.user, organisation=organisation)
    membership = membership_get_for_user(
        user=request.user, organisation=organisation, pk=membership_id
    )
    form = RoleForm(request.POST)
    if form.is_valid():
        service_run(
            request,
            lambda: membership_role_change(
                actor=request.user, membership=membership, role=form.cleaned_data["role"]
            ),
            success=_("The role was changed."),
        )
    else:
        messages.error(request, _("Choose a role."))
    return _back(pk)


@login_required
@require_POST
def organisation_member_remove(request, pk: int, membership_id: int):
    organisation = organisation_get_for_user(user=request.user, pk=pk)
    membership = membership_get_for_user(
        user=request.user, organisation=organisation, pk=membership_id
    )
    if membership.user_id != request.user.pk:
        membership_owner_check(actor=request.user, organisation=organisation)
    outcome = service_run(
        request,
        lambda: membership_remove(actor=request.user, membership=membership),
        success=_("%(name)s is no longer a member.") % {"name": membership.user.display_name},
    )
    if outcome and membership.user_id == request.user.pk:
        return redirect("home")
    return _back(pk)


@login_required
@require_POST
def organisation_leave(request, pk: int):
    organisation = organisation_get_for_user(user=request.user, pk=pk)
    outcome = service_run(
        request,
        lambda: membership_leave(actor=request.user, organisation=organisation),
        success=_("You have left %(name)s.") % {"name": organisation.name},
    )
    return redirect("home") if outcome else _back(pk)


@login_required
@require_POST
def organisation_hand_over(request, pk: int):
    organisation = organisation_get_for_user(user=request.user, pk=pk)
    membership_owner_check(actor=request.user, organisation=organisation)
    members = members_of(organisation=organisation).exclude(user=request.user)
    form = HandOverForm(request.POST, members=members)
    if form.is_valid():
        to = membership_get_for_user(
            user=request.user, organisation=organisation, pk=form.cleaned_data["to"]
        )
        service_run(
            request,
            lambda: ownership_hand_over(
                actor=request.user,
                organisation=organisation,
                to=to,
                keep=form.cleaned_data["keep"],
            ),
            success=_("%(name)s is now an owner.") % {"name": to.user.display_name},
        )
    else:
        messages.error(request, _("Choose the new owner and your role afterwards."))
    return _back(pk)


@login_required
@require_POST
def organisation_join_request_decide(request, pk: int, request_id: int):
    organisation = organisation_get_for_user(user=request.user, pk=pk)
    membership_owner_check(actor=request.user, organisation=organisation)
    join_request = get_object_or_404(organisation.join_requests, pk=request_id)
    form = JoinDecisionForm(request.POST)
    accept = request.POST.get("decision") == "accept"
    role = form.cleaned_data["role"] if form.is_valid() else Membership.Role.MEMBER
    service_run(
        request,
        lambda: join_request_decide(
            actor=request.user, join_request=join_request, accept=accept, role=role
        ),
        success=_("The request was accepted.") if accept else _("The request was declined."),
    )
    return _back(pk)


@never_cache
def organisation_invitation(request, token: str):
    """The page the invitation link opens: who invites whom; sign in or sign up first,
    then join with one click (POST)."""
    try:
        invitation = invitation_for_token(token)
    except InvitationUnusable as exc:
        return render(
            request, "organizations/invitation.html", {"refusal": exc.message}, status=exc.status
        )
    context = {"invitation": invitation, "organisation": invitation.organisation}
    user = request.user
    if not user.is_authenticated:
        context["login_url"] = _with_next(resolve_url(settings.LOGIN_URL), request.path)
        context["signup_url"] = _with_next(signup_url(), request.path)
        return render(request, "organizations/invitation.html", context)
    if not invitation_email_matches(invitation=invitation, user=user):
        context["refusal"] = _(
            "This invitation was sent to another e-mail address. Sign in with the account "
            "of the invited address, or ask for an invitation to yours."
        )
        return render(request, "organizations/invitation.html", context, status=403)
    if request.method == "POST":
        outcome = service_run(request, lambda: invitation_accept(actor=user, token=token))
        if outcome:
            messages.success(
                request,
                _("Welcome to %(name)s: you joined as %(role)s.")
                % {"name": invitation.organisation.name, "role": outcome.result.get_role_display()},
            )
            return redirect("organisation-members", pk=invitation.organisation_id)
    return render(request, "organizations/invitation.html", context)
