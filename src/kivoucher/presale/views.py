"""Line III pages: public progress, the buyer's purchases and slots, the staff order book.

The services decide who may act: a refusal (403) or an object the user may not see
(404) escapes to `DomainErrorMiddleware`; any other domain error is shown as a
message on the page the user is sent back to.
"""

from datetime import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, HttpResponseBadRequest, HttpResponseGone
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from kivoucher.core.money import round_money
from kivoucher.core.roles import Role
from kivoucher.core.web import service_run
from kivoucher.organizations.selectors import organisation_of_user
from kivoucher.presale import exports, scheduling, services
from kivoucher.presale.camt import bank_statement_import
from kivoucher.presale.forms import (
    CalendarFeedForm,
    CommissionForm,
    MaintenanceForm,
    OrderForm,
    RequestForm,
    StatementForm,
)
from kivoucher.presale.models import Purchase, Slot
from kivoucher.presale.selectors import (
    calendar_feed_from_token,
    offer_get_for_staff,
    offer_get_public,
    offer_price_quote,
    offer_progress,
    offers_public,
    payment_instructions,
    progress_chart,
    purchase_get_for_user,
    purchase_refund,
    purchases_for_user,
    request_explanation,
    request_get_for_user,
    requests_for_user,
    slot_calendar,
    slot_get_for_user,
    slots_for_user,
    slots_of_organisation,
)


def _calendar(request, slots) -> dict:
    """The month grid for ?month=YYYY-MM (default: the month of the first slot)."""
    month = None
    raw = request.GET.get("month", "")
    try:
        month = datetime.strptime(raw, "%Y-%m").date() if raw else None  # noqa: DTZ007
    except ValueError:
        month = None
    return slot_calendar(slots, month=month)


WEEKDAYS = [
    gettext_lazy("Mon"),
    gettext_lazy("Tue"),
    gettext_lazy("Wed"),
    gettext_lazy("Thu"),
    gettext_lazy("Fri"),
    gettext_lazy("Sat"),
    gettext_lazy("Sun"),
]


def index(request):
    offers = [(o, offer_progress(o)) for o in offers_public()]
    return render(request, "presale/index.html", {"offers": offers})


def _price_preview(offer, form: OrderForm) -> dict | None:
    """What the order in `form` costs now (None: not enough given to say)."""
    if not form.is_valid():
        return None
    data = form.cleaned_data
    if data["kind"] == Purchase.Kind.HOURS:
        return {
            "kind": "hours",
            "quantity": data["quantity"],
            "product": data.get("product") or "cluster",
            "quote": offer_price_quote(offer, data["unit_hours"]),
        }
    share_class = offer.share_classes.filter(code=data.get("share_class")).first()
    if share_class is None:
        return None
    return {
        "kind": "shares",
        "shares": data["shares"],
        "share_class": share_class,
        "amount": round_money(share_class.issue_price * data["shares"]),
    }


def price_preview(request, code):
    """The price box of the order form, rendered on the server (htmx asks on input)."""
    offer = offer_get_public(code=code)
    form = OrderForm(request.GET or None, offer=offer)
    return render(
        request,
        "presale/_price_preview.html",
        {"offer": offer, "preview": _price_preview(offer, form)},
    )


def offer_detail(request, code):
    offer = offer_get_public(code=code)
    progress = offer_progress(offer)
    buyer = (
        organisation_of_user(user=request.user)
        if request.user.is_authenticated and request.user.role == Role.BUYER
        else None
    )
    form = None
    if buyer and services.offer_is_selling(offer):
        form = OrderForm(request.POST or None, offer=offer)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            ordered = service_run(
                request,
                lambda: services.purchase_create(
                    actor=request.user,
                    offer=offer,
                    buyer=buyer,
                    kind=data["kind"],
                    unit_hours=data.get("unit_hours") or 0,
                    share_class=offer.share_classes.filter(code=data.get("share_class")).first(),
                    shares=data.get("shares") or 0,
                ),
                success=_("Your order is registered. Please transfer the amount."),
                forbidden_page=True,
            )
            if ordered:
                return redirect("presale:purchase", pk=ordered.result.pk)
    return render(
        request,
        "presale/offer.html",
        {
            "offer": offer,
            "progress": progress,
            "chart": progress_chart(offer, progress),
            "form": form,
            "is_staff": request.user.is_authenticated and request.user.sees_everything,
            "tiers": offer.tiers.all(),
            "share_classes": offer.share_classes.all(),
            "maintenance": offer.maintenance.all(),
            "capacity": scheduling.offer_capacity_unit_hours(offer),
            "preview": _price_preview(offer, form) if form is not None and form.is_bound else None,
            "ten_cluster_hours": 10 * offer.partitions,
        },
    )


@login_required
def mine(request):
    purchases = purchases_for_user(user=request.user).exclude(status=Purchase.Status.CANCELLED)
    if request.user.sees_everything:
        purchases = purchases.none()
    purchases = list(purchases.order_by("offer", "sequence", "pk"))
    left = scheduling.unit_hours_left_map(purchases)
    rows = [(p, left[p.pk] if p.kind == Purchase.Kind.HOURS else None) for p in purchases]
    org = organisation_of_user(user=request.user)
    slots = slots_for_user(user=request.user).order_by("start") if org else Slot.objects.none()
    feed = (
        services.calendar_feed_get_or_create(
            actor=request.user, organisation=org, language=translation.get_language()
        )
        if org and not request.user.sees_everything
        else None
    )
    return render(
        request,
        "presale/mine.html",
        {
            "rows": rows,
            "requests": [
                (r, request_explanation(r))
                for r in requests_for_user(user=request.user).exclude(status="withdrawn")
            ]
            if org
            else [],
            "slots": slots,
            "calendar": _calendar(request, slots),
            "weekdays": WEEKDAYS,
            "feed": feed,
            "feed_url": feed_url(request, feed) if feed else "",
            "feed_live": feed.answers_at(timezone.now()) if feed else False,
            "feed_form": CalendarFeedForm(),
        },
    )


@login_required
def purchase_detail(request, pk):
    purchase = purchase_get_for_user(user=request.user, pk=pk)
    form = None
    if purchase.status == Purchase.Status.ACTIVE and purchase.offer.status == "commissioned":
        form = RequestForm(request.POST or None)
        if (
            request.method == "POST"
            and form.is_valid()
            and service_run(
                request,
                lambda: scheduling.slot_request_create(
                    actor=request.user, purchase=purchase, **form.cleaned_data
                ),
                success=_("Your slot request is registered."),
                form=form,
                forbidden_page=True,
            )
        ):
            return redirect("presale:purchase", pk=purchase.pk)
    return render(
        request,
        "presale/purchase.html",
        {
            "purchase": purchase,
            "payment": payment_instructions(purchase),
            "left": scheduling.purchase_unit_hours_left(purchase),
            "requests": [
                (r, request_explanation(r))
                for r in purchase.requests.order_by("pk").prefetch_related("slots")
            ],
            "form": form,
            "refund": purchase_refund(purchase),
            "register": getattr(purchase, "register", None)
            if purchase.kind == Purchase.Kind.SHARES
            else None,
        },
    )


@login_required
@require_POST
def purchase_cancel(request, pk):
    purchase = purchase_get_for_user(user=request.user, pk=pk)
    service_run(
        request,
        lambda: services.purchase_cancel(actor=request.user, purchase=purchase),
        success=_("The order is cancelled."),
        forbidden_page=True,
    )
    return redirect("presale:purchase", pk=purchase.pk)


@login_required
@require_POST
def request_confirm(request, pk):
    slot_request = request_get_for_user(user=request.user, pk=pk)
    service_run(
        request,
        lambda: scheduling.slot_request_confirm(actor=request.user, request=slot_request),
        success=_("The slots are confirmed."),
        forbidden_page=True,
    )
    return redirect("presale:purchase", pk=slot_request.purchase_id)


@login_required
@require_POST
def request_withdraw(request, pk):
    slot_request = request_get_for_user(user=request.user, pk=pk)
    service_run(
        request,
        lambda: scheduling.slot_request_withdraw(actor=request.user, request=slot_request),
        success=_("The request is withdrawn; its hours are available again."),
        forbidden_page=True,
    )
    return redirect("presale:purchase", pk=slot_request.purchase_id)


@login_required
@require_POST
def slot_release(request, pk):
    slot = slot_get_for_user(user=request.user, pk=pk)
    service_run(
        request,
        lambda: scheduling.slot_release(actor=request.user, slot=slot),
        success=_("The slot is released; its hours are available again."),
        forbidden_page=True,
    )
    return redirect("presale:purchase", pk=slot.purchase_id)


def feed_url(request, feed) -> str:
    return request.build_absolute_uri(reverse("presale:ical", args=[exports.feed_token(feed)]))


@login_required
@require_POST
def feed_renew(request):
    """A new calendar feed address for the user's organisation; the old one stops working."""
    org = organisation_of_user(user=request.user)
    if org is None:
        services.staff_act_check(request.user)  # 403 for anyone but acting staff
        raise Http404
    form = CalendarFeedForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest(_("Please choose how long the address is valid."))
    service_run(
        request,
        lambda: services.calendar_feed_renew(
            actor=request.user,
            organisation=org,
            valid_days=form.cleaned_data["valid_days"],
            language=translation.get_language(),
        ),
        success=_("Your calendar feed has a new address; the old one no longer works."),
        forbidden_page=True,
    )
    return redirect("presale:mine")


def ical(request, token):
    """The holder's slots for calendar clients. A renewed or expired feed's URL is 410
    (Gone: clients stop asking), an unknown one 404."""
    feed = calendar_feed_from_token(token)
    if (
        feed is None
        and exports.feed_token_is_legacy(token)
        or (feed is not None and not feed.answers_at(timezone.now()))
    ):
        return HttpResponseGone(
            _("This calendar feed address was renewed or has expired."),
            content_type="text/plain; charset=utf-8",
        )
    if feed is None:
        raise Http404
    slots = slots_of_organisation(organisation_id=feed.organisation_id).order_by("start")
    with translation.override(feed.language):
        text = exports.ical_feed(
            name=_("AI data centre: my slots"), slots=slots, host=request.get_host()
        )
    return HttpResponse(text, content_type="text/calendar; charset=utf-8")


# --- staff --------------------------------------------------------------------------
@login_required
def staff(request, code):
    offer = offer_get_for_staff(user=request.user, code=code)
    progress = offer_progress(offer)
    purchases = offer.purchases.select_related("buyer").order_by("sequence", "pk")
    slots = offer.slots.filter(status__in=Slot.ACTIVE).select_related("purchase__buyer")
    return render(
        request,
        "presale/staff.html",
        {
            "offer": offer,
            "progress": progress,
            "purchases": purchases,
            "slots": slots.order_by("start", "partition"),
            "calendar": _calendar(request, slots.order_by("start", "partition")),
            "weekdays": WEEKDAYS,
            "runs": offer.allocation_runs.all()[:5],
            "statement_form": StatementForm(),
            "commission_form": CommissionForm(),
            "maintenance_form": MaintenanceForm(),
            "maintenance": offer.maintenance.all(),
            "may_act": request.user.may_act_as_staff,
            "capacity": scheduling.offer_capacity_unit_hours(offer),
            "booked": scheduling.offer_booked_unit_hours(offer),
        },
    )


@login_required
@require_POST
def confirm_payment(request, pk):
    purchase = purchase_get_for_user(user=request.user, pk=pk)
    service_run(
        request,
        lambda: services.purchase_confirm_payment(actor=request.user, purchase=purchase),
        success=_("Payment confirmed."),
        forbidden_page=True,
    )
    return redirect("presale:staff", code=purchase.offer.code)


@login_required
def statement_upload(request, code):
    # the page is the import's form: who may not import, may not see it either
    services.staff_act_check(request.user)
    offer = offer_get_for_staff(user=request.user, code=code)
    form = StatementForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        report = service_run(
            request,
            lambda: bank_statement_import(
                actor=request.user, data=form.cleaned_data["statement"].read()
            ),
            forbidden_page=True,
        ).result
    return render(
        request, "presale/statement.html", {"offer": offer, "form": form, "report": report}
    )


@login_required
@require_POST
def evaluate(request, code):
    offer = offer_get_for_staff(user=request.user, code=code)
    service_run(
        request,
        lambda: services.offer_evaluate(actor=request.user, offer=offer),
        success=_("The funding state was checked."),
        forbidden_page=True,
    )
    return redirect("presale:staff", code=code)


@login_required
@require_POST
def commission(request, code):
    offer = offer_get_for_staff(user=request.user, code=code)
    form = CommissionForm(request.POST)
    if form.is_valid():
        service_run(
            request,
            lambda: scheduling.offer_commission(
                actor=request.user, offer=offer, **form.cleaned_data
            ),
            success=_("The cluster is in operation."),
            forbidden_page=True,
        )
    else:
        services.staff_act_check(request.user)
        messages.error(request, _("Please give both dates."))
    return redirect("presale:staff", code=code)


@login_required
@require_POST
def maintenance(request, code):
    offer = offer_get_for_staff(user=request.user, code=code)
    form = MaintenanceForm(request.POST)
    if form.is_valid():
        service_run(
            request,
            lambda: scheduling.maintenance_add(
                actor=request.user, offer=offer, **form.cleaned_data
            ),
            success=_("The maintenance window is added."),
            forbidden_page=True,
        )
    else:
        services.staff_act_check(request.user)
        messages.error(request, _("Please give both dates."))
    return redirect("presale:staff", code=code)


@login_required
@require_POST
def allocate(request, code):
    offer = offer_get_for_staff(user=request.user, code=code)
    # A background task (kivoucher.presale.tasks); the page follows its progress.
    progress = service_run(
        request,
        lambda: scheduling.allocation_start(
            actor=request.user, offer=offer, language=translation.get_language()
        ),
        forbidden_page=True,
    ).result
    if request.htmx:
        return render(request, "presale/_run.html", {"progress": progress, "offer": offer})
    if progress is not None and progress.status == progress.Status.DONE:
        messages.success(request, progress.message)
    elif progress is not None and progress.status == progress.Status.FAILED:
        messages.error(request, progress.message)
    elif progress is not None:
        return redirect("task-progress", key=progress.key)
    return redirect("presale:staff", code=code)


@login_required
def slurm(request, code):
    offer = offer_get_for_staff(user=request.user, code=code)
    statuses = [Slot.Status.CONFIRMED]
    if request.GET.get("proposed"):
        statuses.append(Slot.Status.PROPOSED)
    slots = offer.slots.filter(status__in=statuses).select_related("purchase").order_by("start")
    return HttpResponse(
        exports.slurm_reservations(offer=offer, slots=slots),
        content_type="text/plain; charset=utf-8",
    )
