"""The organisation's webhook pages: its endpoints, a new one (its secret shown once),
and per endpoint the delivery log with rotate, test, enable/disable, delete and
redeliver. Only the organisation's members see them (404 for everyone else)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from kivoucher.core.web import service_run
from kivoucher.webhooks import services
from kivoucher.webhooks.forms import WebhookEndpointForm
from kivoucher.webhooks.selectors import (
    deliveries_of,
    delivery_get,
    endpoint_get_for_user,
    webhook_organisation_get_for_user,
)


@never_cache
@login_required
def endpoint_list(request, org_id: int):
    organisation = webhook_organisation_get_for_user(user=request.user, pk=org_id)
    form = WebhookEndpointForm(request.POST or None)
    secret = created = None
    if request.method == "POST" and form.is_valid():
        outcome = service_run(
            request,
            lambda: services.endpoint_create(
                actor=request.user,
                organisation=organisation,
                url=form.cleaned_data["url"],
                events=form.cleaned_data["events"],
                description=form.cleaned_data["description"],
            ),
            form=form,
        )
        if outcome:
            created, secret = outcome.result
            form = WebhookEndpointForm()
    endpoints = list(organisation.webhook_endpoints.order_by("pk"))
    return render(
        request,
        "webhooks/list.html",
        {
            "organisation": organisation,
            "endpoints": endpoints,
            "form": form,
            "created": created,
            "secret": secret,
        },
    )


def _endpoint(request, org_id: int, pk: int):
    return endpoint_get_for_user(user=request.user, pk=pk, organisation_id=org_id)


def _detail(request, endpoint, *, secret: str | None = None):
    return render(
        request,
        "webhooks/endpoint.html",
        {
            "organisation": endpoint.organisation,
            "endpoint": endpoint,
            "deliveries": deliveries_of(endpoint=endpoint),
            "secret": secret,
        },
    )


@never_cache
@login_required
def endpoint_detail(request, org_id: int, pk: int):
    return _detail(request, _endpoint(request, org_id, pk))


@never_cache
@login_required
@require_POST
def endpoint_rotate(request, org_id: int, pk: int):
    endpoint = _endpoint(request, org_id, pk)
    outcome = service_run(
        request,
        lambda: services.endpoint_secret_rotate(actor=request.user, endpoint=endpoint),
        success=_("The secret was renewed. The previous one signs too for 24 hours."),
    )
    if outcome:
        endpoint, secret = outcome.result
        return _detail(request, endpoint, secret=secret)
    return redirect("webhooks:endpoint", org_id=org_id, pk=pk)


@login_required
@require_POST
def endpoint_test(request, org_id: int, pk: int):
    endpoint = _endpoint(request, org_id, pk)
    service_run(
        request,
        lambda: services.endpoint_test(actor=request.user, endpoint=endpoint),
        success=_("A test message was sent; its result is in the delivery log."),
    )
    return redirect("webhooks:endpoint", org_id=org_id, pk=pk)


@login_required
@require_POST
def endpoint_enabled(request, org_id: int, pk: int):
    endpoint = _endpoint(request, org_id, pk)
    enabled = request.POST.get("enabled") == "1"
    service_run(
        request,
        lambda: services.endpoint_update(actor=request.user, endpoint=endpoint, enabled=enabled),
        success=_("The endpoint is enabled.") if enabled else _("The endpoint is disabled."),
    )
    return redirect("webhooks:endpoint", org_id=org_id, pk=pk)


@login_required
@require_POST
def endpoint_delete(request, org_id: int, pk: int):
    endpoint = _endpoint(request, org_id, pk)
    outcome = service_run(
        request,
        lambda: services.endpoint_delete(actor=request.user, endpoint=endpoint),
        success=_("The endpoint was deleted."),
    )
    if outcome:
        return redirect("webhooks:list", org_id=org_id)
    return redirect("webhooks:endpoint", org_id=org_id, pk=pk)


@login_required
@require_POST
def delivery_redeliver(request, org_id: int, pk: int, delivery_id: int):
    endpoint = _endpoint(request, org_id, pk)
    delivery = delivery_get(endpoint=endpoint, pk=delivery_id)
    service_run(
        request,
        lambda: services.delivery_redeliver(actor=request.user, delivery=delivery),
        success=_("The message is sent again."),
    )
    return redirect("webhooks:endpoint", org_id=org_id, pk=pk)
