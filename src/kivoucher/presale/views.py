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

from kivoucher.core.errors import PermissionDenied
from kivoucher.core.money import round_money
from kivoucher.core.roles import Role
from kivoucher.core.web import service_run
from kivoucher.organizations.selectors import member_organisation_ids, organisation_of_user
from kivoucher.presale import exports, investors, kyc, scheduling, services, transfers
from kivoucher.presale.camt import bank_statement_import
from kivoucher.presale.forms import (
    KIIS_FORM_FIELDS,
    CalendarFeedForm,
    ClassifyForm,
    CommissionForm,
    HandBackForm,
    InvestorDeclareForm,
    KiisAcknowledgeForm,
    KiisForm,
    KnowledgeTestForm,
    KycCheckForm,
    KycExtractForm,
    KycPersonFormSet,
    LossSimulationForm,
    MaintenanceForm,
    OrderForm,
    RequestForm,
    StatementForm,
    TransferOfferForm,
)
from kivoucher.presale.models import Purchase, Slot
from kivoucher.presale.selectors import (
    calendar_feed_from_token,
    kyc_dossier_get_for_staff,
    kyc_dossiers_for_staff,
    offer_get_for_staff,
    offer_get_public,
    offer_price_quote,
    offer_progress,
    offers_public,
    payment_instructions,
    progress_chart,
    purchase_get_for_user,
    purchase_handed_back,
    purchase_refund,
    purchases_for_user,
    request_explanation,
    request_get_for_user,
    requests_for_user,
    share_class_get_public,
    slot_calendar,
    slot_get_for_user,
    slots_for_user,
    slots_of_organisation,
    transfer_get_for_user,
    transfers_for_user,
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
                    risk_warning_confirmed=bool(data.get("risk_warning_confirmed")),
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
            "kiis_by_class": kiis_by_class(offer),
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
            **_purchase_extras(request, purchase),
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


# --- investors: key investment information, test, simulation, revocation --------------
def kiis_by_class(offer) -> list:
    """(share class, its current sheet or None) for the offer page."""
    return [(sc, investors.kiis_current(sc)) for sc in offer.share_classes.all()]


def _purchase_extras(request, purchase) -> dict:
    may_act = request.user.may_act_as_staff
    return {
        "revocable": investors.purchase_revocable(purchase),
        "held": kyc.payment_is_held(purchase),
        "handed_back": purchase_handed_back(purchase) if purchase.status == "expired" else None,
        "transfer_form": TransferOfferForm()
        if purchase.kind == Purchase.Kind.HOURS
        and purchase.status == Purchase.Status.ACTIVE
        and request.user.role == Role.BUYER
        else None,
        "open_transfers": purchase.transfers.filter(status="offered"),
        "hand_back_form": HandBackForm()
        if may_act
        and purchase.status == Purchase.Status.ACTIVE
        and purchase.kind == Purchase.Kind.HOURS
        and purchase.offer.hours_valid_until
        and timezone.localdate() > purchase.offer.hours_valid_until
        else None,
    }


def kiis(request, code, share_class):
    """The sheet of a share class, public; a buyer acknowledges it here before subscribing."""
    offer = offer_get_public(code=code)
    sc = share_class_get_public(offer=offer, code=share_class)
    sheet = investors.kiis_current(sc)
    if sheet is None:
        raise Http404
    is_buyer = request.user.is_authenticated and request.user.role == Role.BUYER
    form = KiisAcknowledgeForm(request.POST or None, initial={"version": sheet.version})
    acknowledged = (
        investors.kiis_acknowledgement_current(
            organisation_id=organisation_of_user(user=request.user).pk,
            share_class=sc,
            user=request.user,
        )
        if is_buyer and organisation_of_user(user=request.user)
        else None
    )
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect(f"{reverse('login')}?next={request.path}")
        if form.is_valid() and service_run(
            request,
            lambda: investors.kiis_acknowledge(
                actor=request.user,
                organisation=organisation_of_user(user=request.user),
                kiis=sheet,
                version=form.cleaned_data["version"],
            ),
            success=_("Thank you: the sheet is acknowledged. You can subscribe now."),
            form=form,
            forbidden_page=True,
        ):
            return redirect(f"{reverse('presale:offer', args=[offer.code])}#order")
    return render(
        request,
        "presale/kiis.html",
        {
            "offer": offer,
            "share_class": sc,
            "sheet": sheet,
            "form": form if is_buyer else None,
            "acknowledged": acknowledged,
            "may_edit": request.user.is_authenticated and request.user.may_act_as_staff,
        },
    )


@login_required
def kiis_edit(request, code, share_class):
    services.staff_act_check(request.user)
    offer = offer_get_for_staff(user=request.user, code=code)
    sc = share_class_get_public(offer=offer, code=share_class)
    current = investors.kiis_current(sc)
    initial = {f: getattr(current, f) for f in KIIS_FORM_FIELDS} if current else {}
    form = KiisForm(request.POST or None, initial=initial)
    if (
        request.method == "POST"
        and form.is_valid()
        and service_run(
            request,
            lambda: investors.kiis_publish(actor=request.user, share_class=sc, **form.cleaned_data),
            success=_("The new version of the sheet is published."),
            form=form,
            forbidden_page=True,
        )
    ):
        return redirect("presale:kiis", code=offer.code, share_class=sc.code)
    return render(
        request,
        "presale/kiis_edit.html",
        {"offer": offer, "share_class": sc, "current": current, "form": form},
    )


def _buyer_or_403(request):
    organisation = organisation_of_user(user=request.user)
    if request.user.role != Role.BUYER or organisation is None:
        raise PermissionDenied(_("This page is for buyers."))
    return organisation


@login_required
def investor(request):
    """The buyer as an investor: declaration, knowledge test, loss simulation."""
    organisation = _buyer_or_403(request)
    step = request.POST.get("step") if request.method == "POST" else None
    profile = investors.investor_profile_of(organisation)
    declare = InvestorDeclareForm(
        request.POST if step == "declare" else None,
        initial={
            "natural_person": profile.natural_person,
            "net_worth": profile.net_worth,
            "annual_income": profile.annual_income,
        },
    )
    test = KnowledgeTestForm(request.POST if step == "test" else None)
    simulate = LossSimulationForm(
        request.POST if step == "simulate" else None,
        initial={"net_worth": profile.net_worth, "annual_income": profile.annual_income},
    )
    simulation = test_result = None
    if step == "declare" and declare.is_valid():
        if service_run(
            request,
            lambda: investors.investor_declare(
                actor=request.user, organisation=organisation, **declare.cleaned_data
            ),
            success=_("Your declaration is saved."),
            form=declare,
            forbidden_page=True,
        ):
            return redirect("presale:investor")
    elif step == "test" and test.is_valid():
        outcome = service_run(
            request,
            lambda: investors.knowledge_test_take(
                actor=request.user, organisation=organisation, answers=test.cleaned_data
            ),
            form=test,
            forbidden_page=True,
        )
        test_result = outcome.result
        if test_result and test_result.passed:
            messages.success(request, _("You passed the knowledge test."))
            return redirect("presale:investor")
    elif step == "simulate" and simulate.is_valid():
        simulation = service_run(
            request,
            lambda: investors.loss_simulation_record(
                actor=request.user, organisation=organisation, **simulate.cleaned_data
            ),
            form=simulate,
            forbidden_page=True,
        ).result
        profile = investors.investor_profile_of(organisation)
    return render(
        request,
        "presale/investor.html",
        {
            "profile": profile,
            "test_valid": investors.knowledge_test_current(profile),
            "declare_form": declare,
            "test_form": test,
            "test_result": test_result,
            "pass_mark": investors.PASS_MARK,
            "questions": len(investors.KNOWLEDGE_TEST),
            "simulate_form": simulate,
            "simulation": simulation,
        },
    )


@login_required
@require_POST
def purchase_revoke(request, pk):
    purchase = purchase_get_for_user(user=request.user, pk=pk)
    service_run(
        request,
        lambda: investors.purchase_revoke(actor=request.user, purchase=purchase),
        success=_("Your subscription is revoked. A paid amount is refunded by SEPA transfer."),
        forbidden_page=True,
    )
    return redirect("presale:purchase", pk=purchase.pk)


# --- KYC ---------------------------------------------------------------------------
@login_required
def kyc_page(request):
    """The buyer's legal representatives and beneficial owners, and their submission."""
    organisation = _buyer_or_403(request)
    dossier = kyc.kyc_dossier_of(organisation)
    editable = dossier.status in kyc.EDITABLE
    step = request.POST.get("step") if request.method == "POST" else None
    initial = [
        {
            "role": p.role,
            "name": p.name,
            "birth_date": p.birth_date,
            "share_percent": p.share_percent,
            "control": p.control,
            "register_reference": p.register_reference,
        }
        for p in dossier.persons.all()
    ]
    formset = KycPersonFormSet(
        request.POST if step == "save" else None, initial=initial, prefix="person"
    )
    extract = KycExtractForm(
        request.POST if step == "save" else None,
        initial={"register_extract": dossier.register_extract},
    )
    if step == "save" and formset.is_valid() and extract.is_valid():
        persons = [f.cleaned_data for f in formset.forms if f.cleaned_data.get("name")]
        if service_run(
            request,
            lambda: kyc.kyc_persons_set(
                actor=request.user,
                organisation=organisation,
                persons=persons,
                register_extract=extract.cleaned_data["register_extract"],
            ),
            success=_("The persons are saved."),
            form=extract,
            forbidden_page=True,
        ):
            return redirect("presale:kyc")
    elif step == "submit":
        service_run(
            request,
            lambda: kyc.kyc_submit(actor=request.user, organisation=organisation),
            success=_("Submitted: our staff check it before your first payment is confirmed."),
            forbidden_page=True,
        )
        return redirect("presale:kyc")
    return render(
        request,
        "presale/kyc.html",
        {"dossier": dossier, "editable": editable, "formset": formset, "extract_form": extract},
    )


@login_required
def kyc_list(request):
    if not request.user.sees_everything:
        raise PermissionDenied(_("This page is for programme staff."))
    dossiers = kyc_dossiers_for_staff(user=request.user).order_by("status", "-submitted_at", "pk")
    return render(request, "presale/kyc_list.html", {"dossiers": dossiers[:500]})


@login_required
def kyc_check(request, pk):
    dossier = kyc_dossier_get_for_staff(user=request.user, pk=pk)
    step = request.POST.get("step") if request.method == "POST" else None
    if request.method == "POST":
        services.staff_act_check(request.user)
    check_form = KycCheckForm(request.POST if step == "check" else None)
    profile = investors.investor_profile_of(dossier.organisation)
    classify_form = ClassifyForm(
        request.POST if step == "classify" else None,
        initial={"sophisticated": profile.sophisticated, "note": profile.classification_note},
    )
    if step == "check" and check_form.is_valid():
        if service_run(
            request,
            lambda: kyc.kyc_check(
                actor=request.user,
                dossier=dossier,
                approve=check_form.cleaned_data["decision"] == "approve",
                note=check_form.cleaned_data["note"],
            ),
            success=_("The check is recorded."),
            form=check_form,
            forbidden_page=True,
        ):
            return redirect("presale:kyc_check", pk=dossier.pk)
    elif step == "classify" and classify_form.is_valid():
        if service_run(
            request,
            lambda: investors.investor_classify(
                actor=request.user,
                profile_organisation=dossier.organisation,
                **classify_form.cleaned_data,
            ),
            success=_("The investor's classification is recorded."),
            form=classify_form,
            forbidden_page=True,
        ):
            return redirect("presale:kyc_check", pk=dossier.pk)
    return render(
        request,
        "presale/kyc_check.html",
        {
            "dossier": dossier,
            "profile": profile,
            "check_form": check_form if dossier.status == "submitted" else None,
            "classify_form": classify_form,
            "may_act": request.user.may_act_as_staff,
            "held": [
                p
                for p in Purchase.objects.filter(
                    buyer_id=dossier.organisation_id, status=Purchase.Status.PENDING
                ).select_related("offer")
                if kyc.payment_is_held(p)
            ],
        },
    )


# --- transfers of hours, hand-back to line II ----------------------------------------
@login_required
def transfer_list(request):
    own = {row["organisation_id"] for row in member_organisation_ids(user=request.user)}
    rows = list(transfers_for_user(user=request.user)[:500])
    return render(
        request,
        "presale/transfers.html",
        {
            "rows": rows,
            "own": own,
            "is_buyer": request.user.role == Role.BUYER,
            "is_staff": request.user.sees_everything,
        },
    )


@login_required
@require_POST
def transfer_offer(request, pk):
    purchase = purchase_get_for_user(user=request.user, pk=pk)
    # who may not offer hours is refused whatever the form says
    services.holder_act_check(
        request.user, buyer_id=purchase.buyer_id, not_found=_("Purchase not found.")
    )
    transfers.member_buyer_check(request.user, purchase.buyer)
    form = TransferOfferForm(request.POST)
    if form.is_valid():
        service_run(
            request,
            lambda: transfers.transfer_offer(
                actor=request.user, purchase=purchase, **form.cleaned_data
            ),
            success=_("Your hours are offered to other buyers."),
            forbidden_page=True,
        )
    else:
        messages.error(request, _("Please give the unit-hours and the price."))
    return redirect("presale:purchase", pk=purchase.pk)


@login_required
@require_POST
def transfer_accept(request, pk):
    transfer = transfer_get_for_user(user=request.user, pk=pk)
    outcome = service_run(
        request,
        lambda: transfers.transfer_accept(
            actor=request.user, transfer=transfer, buyer=organisation_of_user(user=request.user)
        ),
        success=_("The hours are yours; they keep their number in the order of sale."),
        forbidden_page=True,
    )
    if outcome:
        return redirect("presale:purchase", pk=outcome.result.result_id)
    return redirect("presale:transfers")


@login_required
@require_POST
def transfer_withdraw(request, pk):
    transfer = transfer_get_for_user(user=request.user, pk=pk)
    service_run(
        request,
        lambda: transfers.transfer_withdraw(actor=request.user, transfer=transfer),
        success=_("The offer is withdrawn."),
        forbidden_page=True,
    )
    return redirect("presale:transfers")


@login_required
@require_POST
def hand_back(request, pk):
    purchase = purchase_get_for_user(user=request.user, pk=pk)
    services.staff_act_check(request.user)
    form = HandBackForm(request.POST)
    if form.is_valid():
        service_run(
            request,
            lambda: transfers.purchase_hand_back(
                actor=request.user, purchase=purchase, call=form.cleaned_data["call"]
            ),
            success=_("The unused hours are handed back to the line II budget."),
            forbidden_page=True,
        )
    else:
        messages.error(request, _("Please choose a line II call."))
    return redirect("presale:purchase", pk=purchase.pk)
