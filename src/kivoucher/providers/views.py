"""The public provider directory and the accreditation pages."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from kivoucher.core.errors import DomainError, NotFound
from kivoucher.core.uploads import upload_check
from kivoucher.organizations.models import Organisation
from kivoucher.organizations.selectors import organisation_of_user
from kivoucher.programmes.models import Line, Programme
from kivoucher.providers import forms, services
from kivoucher.providers.models import AccreditationCriterion
from kivoucher.providers.selectors import (
    accreditation_get_for_user,
    accreditations_for_user,
    directory_entry_get,
    provider_directory,
)


def directory(request):
    form = forms.DirectoryFilter(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    entries = provider_directory(**{k: v for k, v in filters.items() if v})
    return render(request, "providers/directory.html", {"form": form, "entries": entries[:200]})


def directory_entry(request, pk):
    try:
        entry = directory_entry_get(pk=pk)
    except NotFound:
        raise Http404
    return render(request, "providers/entry.html", {"entry": entry})


def _programme():
    programme = Programme.objects.filter(line=Line.PROJECT).order_by("pk").first()
    if programme is None:
        raise Http404
    return programme


@login_required
def accreditation_mine(request):
    own = organisation_of_user(user=request.user)
    if own is None or own.kind not in (Organisation.Kind.PROVIDER, Organisation.Kind.COMPANY):
        raise Http404  # staff and data centres are never accredited as providers
    programme = _programme()
    criteria = AccreditationCriterion.objects.filter(programme=programme, active=True)
    form = forms.AccreditationForm(
        request.POST or None, request.FILES or None, programme=programme, criteria=criteria
    )
    if request.method == "POST" and form.is_valid():
        try:
            evidence = [upload_check(f) for f in form.cleaned_data["evidence"]]
            services.accreditation_apply(
                actor=request.user,
                organisation=organisation_of_user(user=request.user),
                programme=programme,
                answers=form.answers(),
                competences=form.cleaned_data["competences"],
                categories=list(form.cleaned_data["categories"]),
                description=form.cleaned_data["description"],
                website=form.cleaned_data["website"],
                evidence=evidence,
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Your application for accreditation is submitted."))
            return redirect("providers:mine")
    return render(
        request,
        "providers/mine.html",
        {
            "form": form,
            "programme": programme,
            "accreditations": accreditations_for_user(user=request.user).filter(
                organisation__memberships__user=request.user
            ),
        },
    )


@login_required
def accreditation_list(request):
    if not request.user.is_programme_staff:
        raise Http404
    status = request.GET.get("status", "submitted")
    qs = accreditations_for_user(user=request.user)
    if status:
        qs = qs.filter(status=status)
    return render(request, "providers/list.html", {"accreditations": qs, "status": status})


def _acc(request, pk):
    try:
        return accreditation_get_for_user(user=request.user, pk=pk)
    except NotFound:
        raise Http404


@login_required
def accreditation_detail(request, pk):
    acc = _acc(request, pk)
    form = forms.DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["decision"] == "revoke":
                services.accreditation_revoke(
                    actor=request.user, accreditation=acc, reason=data["reason"]
                )
            else:
                services.accreditation_decide(
                    actor=request.user,
                    accreditation=acc,
                    approve=data["decision"] == "approve",
                    reason=data["reason"],
                    annual_cap=data["annual_cap"],
                )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The decision is recorded."))
            return redirect("providers:detail", pk=pk)
    criteria = {
        c.code: c.text for c in AccreditationCriterion.objects.filter(programme=acc.programme)
    }
    answers = [(criteria.get(code, code), ok) for code, ok in acc.answers.items()]
    return render(
        request,
        "providers/detail.html",
        {"acc": acc, "form": form, "answers": answers, "evidence": acc.evidence.all()},
    )


@login_required
def evidence_download(request, pk, evidence_pk):
    acc = _acc(request, pk)
    doc = acc.evidence.filter(pk=evidence_pk).first()
    if doc is None:
        raise Http404
    return doc.response()
