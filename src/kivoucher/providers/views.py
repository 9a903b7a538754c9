"""The public provider directory and the accreditation pages."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from kivoucher.core.uploads import upload_check
from kivoucher.core.web import service_run
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
    entry = directory_entry_get(pk=pk)  # NotFound: 404 (core.web middleware)
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
    if (
        request.method == "POST"
        and form.is_valid()
        and service_run(
            request,
            lambda: services.accreditation_apply(
                actor=request.user,
                organisation=own,
                programme=programme,
                answers=form.answers(),
                competences=form.cleaned_data["competences"],
                categories=list(form.cleaned_data["categories"]),
                description=form.cleaned_data["description"],
                website=form.cleaned_data["website"],
                evidence=[upload_check(f) for f in form.cleaned_data["evidence"]],
            ),
            success=_("Your application for accreditation is submitted."),
            form=form,
        )
    ):
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
    if not request.user.sees_everything:
        raise Http404
    status = request.GET.get("status", "submitted")
    qs = accreditations_for_user(user=request.user)
    if status:
        qs = qs.filter(status=status)
    return render(request, "providers/list.html", {"accreditations": qs, "status": status})


@login_required
def accreditation_detail(request, pk):
    acc = accreditation_get_for_user(user=request.user, pk=pk)
    form = forms.DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def decide():
            if data["decision"] == "revoke":
                return services.accreditation_revoke(
                    actor=request.user, accreditation=acc, reason=data["reason"]
                )
            return services.accreditation_decide(
                actor=request.user,
                accreditation=acc,
                approve=data["decision"] == "approve",
                reason=data["reason"],
                annual_cap=data["annual_cap"],
            )

        if service_run(request, decide, success=_("The decision is recorded."), form=form):
            return redirect("providers:detail", pk=pk)
    criteria = {
        c.code: c.text for c in AccreditationCriterion.objects.filter(programme=acc.programme)
    }
    answers = [(criteria.get(code, code), ok) for code, ok in acc.answers.items()]
    return render(
        request,
        "providers/detail.html",
        {
            "acc": acc,
            "form": form,
            "answers": answers,
            "evidence": acc.evidence.all(),
            "may_decide": services.accreditation_decider(request.user),
        },
    )


@login_required
def evidence_download(request, pk, evidence_pk):
    acc = accreditation_get_for_user(user=request.user, pk=pk)
    doc = acc.evidence.filter(pk=evidence_pk).first()
    if doc is None:
        raise Http404
    return doc.response()
