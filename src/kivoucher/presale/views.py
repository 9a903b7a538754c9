"""Line III pages: public progress, the buyer's purchases and slots, the staff order book."""

from datetime import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from kivoucher.core.errors import DomainError
from kivoucher.core.roles import Role
from kivoucher.organizations.selectors import organisation_of_user
from kivoucher.presale import exports, scheduling, services
from kivoucher.presale.api import payment_instructions
from kivoucher.presale.camt import bank_statement_import
from kivoucher.presale.forms import (
    CommissionForm,
    MaintenanceForm,
    OrderForm,
    RequestForm,
    StatementForm,
)
from kivoucher.presale.models import Purchase, Slot
from kivoucher.presale.selectors import (
    offer_get_for_staff,
    offer_get_public,
    offer_progress,
    offers_public,
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
    user_is_presale_staff,
    user_may_act,
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


def _fail(request, exc: DomainError):
    messages.error(request, exc.message)


def _staff_or_404(user):
    if not user_is_presale_staff(user):
        raise Http404


def _act_or_403(user):
    if not user_may_act(user):
        raise PermissionDenied(_("Only programme staff may do this."))


def index(request):
    offers = [(o, offer_progress(o)) for o in offers_public()]
    return render(request, "presale/index.html", {"offers": offers})


def offer_detail(request, code):
    offer = _public(code)
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
            try:
                purchase = services.purchase_create(
                    actor=request.user,
                    offer=offer,
                    buyer=buyer,
                    kind=data["kind"],
                    unit_hours=data.get("unit_hours") or 0,
                    share_class=offer.share_classes.filter(code=data.get("share_class")).first(),
                    shares=data.get("shares") or 0,
                )
            except DomainError as exc:
                _fail(request, exc)
            else:
                text = _("Your order is registered. Please transfer the amount.")
                messages.success(request, text)
                return redirect("presale:purchase", pk=purchase.pk)
    return render(
        request,
        "presale/offer.html",
        {
            "offer": offer,
            "progress": progress,
            "chart": progress_chart(offer, progress),
            "form": form,
            "is_staff": user_is_presale_staff(request.user),
            "tiers": offer.tiers.all(),
            "share_classes": offer.share_classes.all(),
            "maintenance": offer.maintenance.all(),
            "capacity": scheduling.offer_capacity_unit_hours(offer),
        },
    )


def _public(code):
    try:
        return offer_get_public(code=code)
    except DomainError:
        raise Http404


@login_required
def mine(request):
    purchases = purchases_for_user(user=request.user).exclude(status=Purchase.Status.CANCELLED)
    if user_is_presale_staff(request.user):
        purchases = purchases.none()
    purchases = list(purchases.order_by("offer", "sequence", "pk"))
    left = scheduling.unit_hours_left_map(purchases)
    rows = [(p, left[p.pk] if p.kind == Purchase.Kind.HOURS else None) for p in purchases]
    org = organisation_of_user(user=request.user)
    slots = slots_for_user(user=request.user).order_by("start") if org else Slot.objects.none()
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
            "feed_url": request.build_absolute_uri(
                f"/presale/calendar/{exports.feed_token(org.pk)}.ics"
            )
            if org
            else "",
        },
    )


@login_required
def purchase_detail(request, pk):
    purchase = _get(purchase_get_for_user, request, pk)
    form = None
    if purchase.status == Purchase.Status.ACTIVE and purchase.offer.status == "commissioned":
        form = RequestForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                scheduling.slot_request_create(
                    actor=request.user, purchase=purchase, **form.cleaned_data
                )
            except DomainError as exc:
                _fail(request, exc)
            else:
                messages.success(request, _("Your slot request is registered."))
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


def _get(selector, request, pk):
    try:
        return selector(user=request.user, pk=pk)
    except DomainError:
        raise Http404


def _run(request, fn, ok_message):
    try:
        fn()
    except DomainError as exc:
        _fail(request, exc)
    else:
        messages.success(request, ok_message)


def _holder_action(request, selector, pk, action, ok_message, purchase_id_of):
    """A holder's POST on one of its objects: foreign objects are 404, the auditor
    reads but does not act (403); the service decides the rest."""
    obj = _get(selector, request, pk)
    if request.user.role == Role.AUDITOR:
        raise PermissionDenied
    _run(request, lambda: action(obj), ok_message)
    return redirect("presale:purchase", pk=purchase_id_of(obj))


@login_required
@require_POST
def purchase_cancel(request, pk):
    return _holder_action(
        request,
        purchase_get_for_user,
        pk,
        lambda p: services.purchase_cancel(actor=request.user, purchase=p),
        _("The order is cancelled."),
        lambda p: p.pk,
    )


@login_required
@require_POST
def request_confirm(request, pk):
    return _holder_action(
        request,
        request_get_for_user,
        pk,
        lambda r: scheduling.slot_request_confirm(actor=request.user, request=r),
        _("The slots are confirmed."),
        lambda r: r.purchase_id,
    )


@login_required
@require_POST
def request_withdraw(request, pk):
    return _holder_action(
        request,
        request_get_for_user,
        pk,
        lambda r: scheduling.slot_request_withdraw(actor=request.user, request=r),
        _("The request is withdrawn; its hours are available again."),
        lambda r: r.purchase_id,
    )


@login_required
@require_POST
def slot_release(request, pk):
    return _holder_action(
        request,
        slot_get_for_user,
        pk,
        lambda slot: scheduling.slot_release(actor=request.user, slot=slot),
        _("The slot is released; its hours are available again."),
        lambda slot: slot.purchase_id,
    )


def ical(request, token):
    org_id = exports.feed_organisation_id(token)
    if org_id is None:
        raise Http404
    slots = slots_of_organisation(organisation_id=org_id).order_by("start")
    text = exports.ical_feed(name="KI-Rechenzentrum", slots=slots, host=request.get_host())
    return HttpResponse(text, content_type="text/calendar; charset=utf-8")


# --- staff --------------------------------------------------------------------------
def _staff_offer(request, code):
    try:
        return offer_get_for_staff(user=request.user, code=code)
    except DomainError:
        raise Http404


@login_required
def staff(request, code):
    offer = _staff_offer(request, code)
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
            "may_act": user_may_act(request.user),
            "capacity": scheduling.offer_capacity_unit_hours(offer),
            "booked": scheduling.offer_booked_unit_hours(offer),
        },
    )


@login_required
@require_POST
def confirm_payment(request, pk):
    _act_or_403(request.user)
    purchase = _get(purchase_get_for_user, request, pk)
    _run(
        request,
        lambda: services.purchase_confirm_payment(actor=request.user, purchase=purchase),
        _("Payment confirmed."),
    )
    return redirect("presale:staff", code=purchase.offer.code)


@login_required
def statement_upload(request, code):
    _act_or_403(request.user)
    offer = _staff_offer(request, code)
    form = StatementForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        try:
            report = bank_statement_import(
                actor=request.user, data=form.cleaned_data["statement"].read()
            )
        except DomainError as exc:
            _fail(request, exc)
    return render(
        request, "presale/statement.html", {"offer": offer, "form": form, "report": report}
    )


@login_required
@require_POST
def evaluate(request, code):
    _act_or_403(request.user)
    offer = _staff_offer(request, code)
    _run(
        request,
        lambda: services.offer_evaluate(actor=request.user, offer=offer),
        _("The funding state was checked."),
    )
    return redirect("presale:staff", code=code)


@login_required
@require_POST
def commission(request, code):
    _act_or_403(request.user)
    offer = _staff_offer(request, code)
    form = CommissionForm(request.POST)
    if form.is_valid():
        _run(
            request,
            lambda: scheduling.offer_commission(
                actor=request.user, offer=offer, **form.cleaned_data
            ),
            _("The cluster is in operation."),
        )
    else:
        messages.error(request, _("Please give both dates."))
    return redirect("presale:staff", code=code)


@login_required
@require_POST
def maintenance(request, code):
    _act_or_403(request.user)
    offer = _staff_offer(request, code)
    form = MaintenanceForm(request.POST)
    if form.is_valid():
        _run(
            request,
            lambda: scheduling.maintenance_add(
                actor=request.user, offer=offer, **form.cleaned_data
            ),
            _("The maintenance window is added."),
        )
    else:
        messages.error(request, _("Please give both dates."))
    return redirect("presale:staff", code=code)


@login_required
@require_POST
def allocate(request, code):
    _act_or_403(request.user)
    offer = _staff_offer(request, code)
    run = None
    try:
        run = scheduling.allocation_run(actor=request.user, offer=offer)
    except DomainError as exc:
        _fail(request, exc)
    if request.htmx:
        return render(request, "presale/_run.html", {"run": run, "offer": offer})
    if run:
        messages.success(
            request,
            _("Allocation done: %(served)s served, %(partial)s partly, %(unserved)s waiting.")
            % {"served": run.served, "partial": run.partial, "unserved": run.unserved},
        )
    return redirect("presale:staff", code=code)


@login_required
def slurm(request, code):
    offer = _staff_offer(request, code)
    statuses = [Slot.Status.CONFIRMED]
    if request.GET.get("proposed"):
        statuses.append(Slot.Status.PROPOSED)
    slots = offer.slots.filter(status__in=statuses).select_related("purchase").order_by("start")
    return HttpResponse(
        exports.slurm_reservations(offer=offer, slots=slots),
        content_type="text/plain; charset=utf-8",
    )
