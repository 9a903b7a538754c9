"""The public feedback form on accessibility and the staff's ticket pages."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kivoucher.core.audit import audit_history
from kivoucher.core.errors import DomainError
from kivoucher.core.security import client_ip
from kivoucher.core.web import domain_error_show, service_run
from kivoucher.feedback import forms, selectors, services, spam
from kivoucher.feedback.models import FeedbackTicket

THANKS_SALT = "kivoucher.feedback.thanks"
PAGE_SIZE = 50


def report(request):
    """Anyone reports a barrier; no sign-in needed. A bot that filled in the honeypot
    is answered like a person (the thank-you page, without a number); nothing is
    stored for it."""
    status = 200
    if request.method == "POST":
        form = forms.FeedbackForm(request.POST)
        if form.is_bot():
            return redirect("feedback-thanks")
        if form.is_valid():
            data = form.cleaned_data
            try:
                ticket = services.ticket_create(
                    page=data["page"],
                    description=data["description"],
                    name=data["name"],
                    email=data["email"],
                    assistive_technology=data["assistive_technology"],
                    language=translation.get_language() or "de",
                    client_hash=spam.client_hash(client_ip(request)),
                    actor=request.user,
                )
            except DomainError as exc:
                domain_error_show(request, exc, form=form)
                status = exc.status
            else:
                token = signing.dumps(
                    {"number": ticket.number, "mailed": bool(ticket.email)}, salt=THANKS_SALT
                )
                return redirect(f"{reverse('feedback-thanks')}?{urlencode({'t': token})}")
    else:
        initial = {"page": request.GET.get("page", "")[:500]}
        if request.user.is_authenticated and not request.user.anonymised_at:
            initial |= {"name": request.user.get_full_name(), "email": request.user.email}
        form = forms.FeedbackForm(initial=initial)
    form.stamp_renew()
    response = render(request, "feedback/report.html", {"form": form}, status=status)
    if status == services.TooManyReports.status:
        response["Retry-After"] = str(int(services.RATE_WINDOW.total_seconds()))
    return response


def thanks(request):
    """The thank-you page with the ticket number (signed into the link, so the
    number cannot be changed and no ticket's content is shown)."""
    try:
        ticket = signing.loads(request.GET.get("t", ""), salt=THANKS_SALT)
    except signing.BadSignature:
        ticket = None
    if not isinstance(ticket, dict):
        ticket = None
    return render(request, "feedback/thanks.html", {"ticket": ticket})


def _status_filters():
    return [
        (selectors.OPEN, _("open (new and in progress)")),
        *[(s.value, s.label) for s in FeedbackTicket.Status],
        (selectors.ALL, _("all")),
    ]


@login_required
def ticket_list(request):
    if not selectors.feedback_reader(request.user):
        raise Http404
    status = request.GET.get("status", selectors.OPEN)
    page = Paginator(
        selectors.tickets_for_user(user=request.user, status=status), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "feedback/ticket_list.html",
        {
            "page": page,
            "tickets": page.object_list,
            "status": status,
            "statuses": _status_filters(),
            "page_query": urlencode({"status": status}),
        },
    )


def _history(ticket: FeedbackTicket) -> list[tuple]:
    """The ticket's audit events as (event, who, status label)."""
    labels = dict(FeedbackTicket.Status.choices)
    rows = []
    for event in audit_history(ticket).select_related("actor"):
        if event.actor is not None:
            who = event.actor.display_name
        elif event.actor_label == services.PUBLIC_ACTOR:
            who = _("public form")
        else:
            who = event.actor_label
        rows.append((event, who, labels.get(event.new_state, event.new_state)))
    return rows


@login_required
def ticket_detail(request, pk):
    ticket = selectors.ticket_get_for_user(user=request.user, pk=pk)  # NotFound: 404
    may_handle = services.feedback_handler(request.user)
    form = forms.AnswerForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid() and service_run(
            request,
            lambda: services.ticket_answer(
                actor=request.user, ticket=ticket, text=form.cleaned_data["text"]
            ),
            success=_("The answer is recorded and sent to the sender.")
            if ticket.email
            else _("The answer is recorded. The sender gave no e-mail address."),
            form=form,
            forbidden_page=True,
        ):
            return redirect("feedback-ticket", pk=ticket.pk)
    targets = [
        s
        for s in FeedbackTicket.ALLOWED_TRANSITIONS[ticket.status]
        if s != FeedbackTicket.Status.ANSWERED
    ]
    return render(
        request,
        "feedback/ticket_detail.html",
        {
            "ticket": ticket,
            "answers": ticket.answers.select_related("author"),
            "history": _history(ticket),
            "form": form,
            "may_handle": may_handle,
            "may_answer": may_handle and ticket.status in FeedbackTicket.ANSWERABLE,
            "targets": [(s, FeedbackTicket.Status(s).label) for s in sorted(targets)],
        },
    )


@login_required
@require_POST
def ticket_status(request, pk):
    """Staff take a ticket into work, close it or open it again (one button each)."""
    ticket = selectors.ticket_get_for_user(user=request.user, pk=pk)  # NotFound: 404
    outcome = service_run(
        request,
        lambda: services.ticket_transition(
            actor=request.user,
            ticket=ticket,
            to=request.POST.get("status", ""),
            reason=request.POST.get("reason", ""),
        ),
        forbidden_page=True,
    )
    if outcome:
        messages.success(
            request,
            _("The status is now “%(status)s”.") % {"status": ticket.get_status_display()},
        )
    return redirect("feedback-ticket", pk=ticket.pk)
