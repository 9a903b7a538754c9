"""Web pages of the application lifecycle for applicants, caseworkers and approvers."""

from datetime import date
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kivoucher.applications import forms, services
from kivoucher.applications.change_views import change_context
from kivoucher.applications.documents import issued_pdf_response
from kivoucher.applications.eligibility import application_check
from kivoucher.applications.models import Application, Voucher
from kivoucher.applications.queue_rows import queue_rows_html
from kivoucher.applications.selectors import (
    QUEUE_SORTS,
    age_in_days,
    application_get_for_user,
    application_queue,
    applications_for_user,
    call_decision_time,
    earlier_undecided,
    events_of,
    history_of,
    payouts_of_voucher,
    reviews_with_checklist,
    voucher_get_for_user,
    voucher_public_status,
    voucher_summaries_for_user,
)
from kivoucher.applications.timeline import application_timeline
from kivoucher.applications.voucher_actions import voucher_actions
from kivoucher.core.errors import DomainError
from kivoucher.core.roles import Role
from kivoucher.core.web import domain_error_show, service_run
from kivoucher.organizations.models import SIGNING_ROLES
from kivoucher.organizations.selectors import membership_of, organisation_of_user
from kivoucher.programmes.deminimis import de_minimis_check
from kivoucher.programmes.models import Call, Line
from kivoucher.programmes.selectors import call_budget_figures, calls_open


def _get(request, pk):
    """The application if the user may see it; else 404 (the middleware turns NotFound)."""
    return application_get_for_user(user=request.user, pk=pk)


def _invalid(form, exc: ValidationError) -> None:
    """The model's own validation (`full_clean` in the service) on the form."""
    for message in exc.messages:
        form.add_error(None, message)


def _staff_only(request):
    """Pages every programme staff member reads (the auditor too) and superusers."""
    if not request.user.sees_everything:
        raise Http404


def _may_apply(user) -> bool:
    """Companies' applicants apply (the service checks that they act for the company)."""
    return user.role == Role.APPLICANT


def _acting_staff_only(request):
    """Action pages of caseworkers, approvers and admins (the auditor only reads)."""
    if not request.user.may_act_as_staff:
        raise Http404


def _applicant_only(request, app):
    """The company's own applicants act on its application; others who see it may not."""
    if (
        request.user.role != Role.APPLICANT
        or not app.organisation.memberships.filter(user=request.user).exists()
    ):
        raise PermissionDenied


@login_required
def application_list(request):
    apps = applications_for_user(user=request.user).select_related("voucher")
    if request.user.sees_everything:
        return redirect("applications:queue")
    return render(
        request,
        "applications/list.html",
        {"applications": apps, "may_apply": _may_apply(request.user)},
    )


@login_required
def application_new(request):
    if not _may_apply(request.user):
        raise Http404
    org = organisation_of_user(user=request.user)
    calls = calls_open(line=Line.PROJECT)
    programme = calls.first().programme if calls.exists() else None
    form = forms.ApplicationForm(request.POST or None, calls=calls, programme=programme)
    if request.method == "POST" and form.is_valid():
        data = form.application_fields()
        call = data.pop("call")
        if data.get("planned_costs") is None:
            data["planned_costs"] = "0"
        try:
            app = services.application_create(
                actor=request.user, organisation=org, call=call, **data
            )
        except DomainError as exc:
            domain_error_show(request, exc, form=form)
        except ValidationError as exc:
            _invalid(form, exc)
        else:
            messages.success(request, _("Your draft is saved."))
            return redirect(app)
    return render(request, "applications/form.html", {"form": form, "organisation": org})


@login_required
def application_edit(request, pk):
    app = _get(request, pk)
    form = forms.ApplicationForm(request.POST or None, instance=app)
    if request.method == "POST" and form.is_valid():
        data = {
            k: v
            for k, v in form.application_fields().items()
            if k in services.drafting.EDITABLE_FIELDS
        }
        if data.get("planned_costs") is None:
            data["planned_costs"] = "0"
        try:
            # Work on a fresh copy: the bound form already mutated `app`.
            fresh = application_get_for_user(user=request.user, pk=pk)
            services.application_update(actor=request.user, application=fresh, **data)
        except DomainError as exc:
            domain_error_show(request, exc, form=form)
        except ValidationError as exc:
            _invalid(form, exc)
        else:
            messages.success(request, _("Your changes are saved."))
            return redirect("applications:detail", pk=pk)
    return render(request, "applications/form.html", {"form": form, "app": app})


@login_required
def application_detail(request, pk):
    app = _get(request, pk)
    user = request.user
    voucher = Voucher.objects.filter(application=app).first()
    events = events_of(obj=app)
    membership = membership_of(user=user, organisation=app.organisation)
    ctx = {
        "app": app,
        "voucher": voucher,
        "history": history_of(obj=app, statuses=Application.Status, events=events),
        "timeline": application_timeline(
            application=app,
            events=events,
            voucher=voucher,
            # the voucher's own events only once they date a step (proof of use accepted)
            voucher_events=events_of(obj=voucher)
            if voucher and voucher.status != Voucher.Status.ACTIVE
            else (),
        ),
        # how long this call's decisions took, while this one is still to come
        "decision_time": call_decision_time(call_id=app.call_id)
        if app.status == Application.Status.DRAFT or app.status in Application.OPEN
        else None,
        "revisions": app.revisions.all(),
        "info_requests": app.info_requests.all(),
        "reviews": reviews_with_checklist(application=app) if user.sees_everything else [],
        "is_owner": membership is not None,
        # owners and signatories submit; members draft
        "may_sign": membership is not None and membership.role in SIGNING_ROLES,
        "aid_form": forms.DeclaredAidForm(),
        "note_form": forms.NoteForm(),
        "age_days": age_in_days(app),
    }
    if app.status == Application.Status.REVIEWED and user.may_act_as_staff:
        ctx["decide_refusal"] = services.application_decide_refusal(actor=user, application=app)
    if app.is_editable and ctx["is_owner"]:
        ctx["check"] = application_check(application=app)
    elif app.eligibility:
        # The check as it stood at the (last) submission.
        ctx["check"] = app.eligibility
    return render(request, "applications/detail.html", ctx)


def _action(request, pk, func, success, *, applicant=True, **kwargs):
    app = _get(request, pk)
    if applicant:
        _applicant_only(request, app)
    else:
        _acting_staff_only(request)
    service_run(
        request, lambda: func(actor=request.user, application=app, **kwargs), success=success
    )
    return redirect("applications:detail", pk=pk)


@login_required
@require_POST
def application_submit(request, pk):
    return _action(
        request,
        pk,
        services.application_submit,
        _("Your application is submitted."),
        note=request.POST.get("note", ""),
    )


@login_required
@require_POST
def application_withdraw(request, pk):
    return _action(
        request,
        pk,
        services.application_withdraw,
        _("The application is withdrawn."),
        reason=request.POST.get("reason", ""),
    )


@login_required
@require_POST
def application_assign(request, pk):
    return _action(
        request,
        pk,
        services.application_assign,
        _("You now review this application."),
        applicant=False,
    )


@login_required
@require_POST
def declared_aid_add(request, pk):
    app = _get(request, pk)
    _applicant_only(request, app)
    form = forms.DeclaredAidForm(request.POST)
    if form.is_valid():
        service_run(
            request,
            lambda: services.declared_aid_add(
                actor=request.user, application=app, **form.cleaned_data
            ),
            success=_("The earlier aid is declared."),
        )
    else:
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            messages.error(request, f"{label}: {' '.join(errors)}")
    return redirect("applications:detail", pk=pk)


@login_required
@require_POST
def declared_aid_remove(request, pk, aid_pk):
    app = _get(request, pk)
    _applicant_only(request, app)
    aid = app.declared_aid.filter(pk=aid_pk).first()
    if aid is None:
        raise Http404
    service_run(
        request,
        lambda: services.declared_aid_remove(actor=request.user, aid=aid),
        success=_("The declared aid is removed."),
    )
    return redirect("applications:detail", pk=pk)


@login_required
def application_request_info(request, pk):
    app = _get(request, pk)
    _acting_staff_only(request)
    form = forms.InfoRequestForm(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and service_run(
            request,
            lambda: services.application_request_info(
                actor=request.user, application=app, message=form.cleaned_data["message"]
            ),
            success=_("The applicant is asked for more information."),
            form=form,
        )
    ):
        return redirect("applications:detail", pk=pk)
    return render(
        request,
        "applications/action.html",
        {"app": app, "form": form, "title": _("Request more information")},
    )


@login_required
def application_review(request, pk):
    app = _get(request, pk)
    _acting_staff_only(request)
    form = forms.ReviewForm(
        request.POST or None, checklist=services.review.checklist_for(app.programme)
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and service_run(
            request,
            lambda: services.application_review(
                actor=request.user,
                application=app,
                checklist=form.checklist(),
                score=form.cleaned_data["score"],
                recommendation=form.cleaned_data["recommendation"],
                comment=form.cleaned_data["comment"],
            ),
            success=_("Your review is saved; a second person decides."),
            form=form,
        )
    ):
        return redirect("applications:detail", pk=pk)
    return render(
        request,
        "applications/action.html",
        {
            "app": app,
            "form": form,
            "title": _("Review"),
            "check": application_check(application=app),
        },
    )


def _awards_shown(awards: list[dict]) -> list[dict]:
    """The de-minimis register's rows (strings, as stored in the check) as amounts and
    dates, for the page to show in German notation."""
    return [
        a | {"amount": Decimal(a["amount"]), "granted_on": date.fromisoformat(a["granted_on"])}
        for a in awards
    ]


@login_required
def application_decide(request, pk):
    app = _get(request, pk)
    _acting_staff_only(request)
    # Who may not decide is told why before filling anything in (the service's own check).
    refusal = services.application_decide_refusal(actor=request.user, application=app)
    form = forms.DecisionForm(request.POST or None) if refusal is None else None
    if (
        form is not None
        and request.method == "POST"
        and form.is_valid()
        and service_run(
            request,
            lambda: services.application_decide(
                actor=request.user,
                application=app,
                approve=form.cleaned_data["decision"] == "approve",
                reason=form.cleaned_data["reason"],
            ),
            success=_("The decision is recorded."),
            form=form,
        )
    ):
        return redirect("applications:detail", pk=pk)
    dm = de_minimis_check(
        programme=app.programme,
        organisation=app.organisation,
        amount=app.requested_grant,
        decision_date=timezone.localdate(),
        exclude_reference=f"application:{app.pk}",
    )
    return render(
        request,
        "applications/decide.html",
        {
            "app": app,
            "form": form,
            "refusal": refusal,
            "de_minimis": dm,
            "awards": _awards_shown(dm.awards),
            "budget": call_budget_figures(call=app.call),
            "reviews": reviews_with_checklist(application=app),
            "earlier_waiting": earlier_undecided(application=app),
        },
        status=403 if refusal and request.method == "POST" else 200,
    )


@login_required
def decision_letter(request, pk):
    app = _get(request, pk)
    if app.status not in (Application.Status.APPROVED, Application.Status.REJECTED):
        raise Http404
    document = services.decision_letter_issue(application=app)
    return issued_pdf_response(document, filename=f"Bescheid-{app.reference}.pdf")


# A page a caseworker can scan; the queue of a large call is paged, not truncated.
QUEUE_PAGE_SIZE = 50


@login_required
def queue(request):
    _staff_only(request)
    params = request.GET
    call = params.get("call", "")
    qs = application_queue(
        status=params.get("status", ""),
        # Up to 18 digits: a database id; longer ones overflow SQLite's integers.
        call=int(call) if call.isdigit() and len(call) <= 18 else None,
        category=params.get("category", ""),
        assigned_to=request.user if params.get("mine") else None,
        sort=params.get("sort", "oldest"),
    )
    page = Paginator(qs, QUEUE_PAGE_SIZE).get_page(params.get("page"))
    labels = {code: str(label) for code, label in Application.Status.choices}
    rows = [(a, age_in_days(a), labels[a.status]) for a in page.object_list]
    other_params = params.copy()
    other_params.pop("page", None)
    return render(
        request,
        "applications/queue.html",
        {
            "rows": rows,
            "rows_html": queue_rows_html(rows),
            "page": page,
            "page_query": other_params.urlencode(),
            "statuses": [(s, Application.Status(s).label) for s in Application.OPEN],
            "calls": Call.objects.filter(programme__line=Line.PROJECT),
            "sorts": QUEUE_SORTS,
            "params": params,
        },
    )


@login_required
def call_selection(request, pk):
    _acting_staff_only(request)
    call = Call.objects.filter(pk=pk).first()
    if call is None:
        raise Http404
    form = forms.LotteryForm(request.POST or None)
    if request.method == "POST":
        try:
            if call.selection == Call.Selection.LOTTERY:
                if form.is_valid():
                    draw = services.lottery_draw(actor=request.user, call=call, **form.cleaned_data)
                    messages.success(
                        request,
                        _("Lottery drawn with seed %(seed)s: %(n)s selected.")
                        % {"seed": draw.seed, "n": len(draw.selected)},
                    )
                    return redirect("applications:call_selection", pk=pk)
            else:
                selected = services.ranking_select(actor=request.user, call=call)
                messages.success(request, _("%(n)s applications selected.") % {"n": len(selected)})
                return redirect("applications:call_selection", pk=pk)
        except DomainError as exc:
            # The form is unbound for a ranking call: report through messages.
            domain_error_show(request, exc)
    return render(
        request,
        "applications/selection.html",
        {
            "call": call,
            "form": form,
            "draws": call.draws.all(),
            "budget": call_budget_figures(call=call),
            "applications": call.applications.exclude(status=Application.Status.DRAFT).order_by(
                "-review_score", "submitted_at"
            ),
        },
    )


@login_required
def voucher_list(request):
    vouchers = voucher_summaries_for_user(user=request.user)
    return render(request, "applications/vouchers.html", {"vouchers": vouchers})


@login_required
def voucher_detail(request, code):
    voucher = voucher_get_for_user(user=request.user, code=code, summary=True)
    return render(
        request,
        "applications/voucher.html",
        {
            "voucher": voucher,
            "app": voucher.application,
            "proofs": voucher.proofs.all(),
            "payouts": payouts_of_voucher(voucher=voucher),
            "history": history_of(obj=voucher, statuses=Voucher.Status),
            "actions": voucher_actions(user=request.user, voucher=voucher),
            **change_context(user=request.user, voucher=voucher),
        },
    )


@login_required
def voucher_certificate(request, code):
    voucher = voucher_get_for_user(user=request.user, code=code)
    document = services.voucher_certificate_issue(voucher=voucher)
    return issued_pdf_response(document, filename=f"Voucher-{voucher.code}.pdf")


def verify(request, code):
    """Public: valid, expired or redeemed – nothing more."""
    status = voucher_public_status(code=code)
    response = render(
        request,
        "applications/verify.html",
        {"code": code, "status": status},
        status=200 if status else 404,
    )
    response["X-Robots-Tag"] = "noindex"
    return response
