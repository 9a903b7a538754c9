"""Webhook endpoints of an organisation (Standard Webhooks): register, list, change,
delete, rotate the secret, send a test message, read the delivery log, redeliver.

Only members of the organisation manage its endpoints; another organisation's
endpoint is 404. The secret is in the answer of the registration and of a rotation
only."""

from datetime import datetime
from typing import Annotated

from ninja import Field, Router, Schema, Status

from kivoucher.core.api_errors import api_errors
from kivoucher.core.errors import PermissionDenied
from kivoucher.webhooks import services
from kivoucher.webhooks.addresses import MAX_URL_LENGTH
from kivoucher.webhooks.events import EVENT_TYPES
from kivoucher.webhooks.models import Delivery, Endpoint
from kivoucher.webhooks.selectors import (
    deliveries_of,
    delivery_get,
    endpoint_get_for_user,
    endpoints_for_user,
    webhook_organisation_get_for_user,
    webhook_organisations_for_user,
)

router = Router()

Url = Annotated[str, Field(max_length=MAX_URL_LENGTH)]
EventTypes = Annotated[list[Annotated[str, Field(max_length=64)]], Field(max_length=20)]
Description = Annotated[str, Field(max_length=200)]

EVENTS_HELP = "Event types: " + ", ".join(f"`{t}`" for t in EVENT_TYPES) + "."


class WebhookEndpointIn(Schema):
    model_config = {"extra": "forbid"}

    url: Url
    events: EventTypes
    description: Description = ""
    # The organisation the endpoint is for; by default the caller's (first) one.
    organisation: int | None = None


class WebhookEndpointPatch(Schema):
    model_config = {"extra": "forbid"}

    url: Url | None = None
    events: EventTypes | None = None
    description: Description | None = None
    enabled: bool | None = None


class WebhookEndpointOut(Schema):
    id: int
    organisation: int
    url: str
    events: list[str]
    description: str
    enabled: bool
    disabled_reason: str
    disabled_at: datetime | None
    created_at: datetime
    secret_rotated_at: datetime | None

    @staticmethod
    def resolve_organisation(obj: Endpoint) -> int:
        return obj.organisation_id


class WebhookEndpointCreatedOut(WebhookEndpointOut):
    secret: str


class WebhookSecretOut(Schema):
    id: int
    secret: str
    previous_secret_valid_until: datetime


class WebhookDeliveryOut(Schema):
    id: int
    message_id: str
    type: str
    status: str
    attempts: int
    created_at: datetime
    last_attempt_at: datetime | None
    next_attempt_at: datetime | None
    last_status_code: int | None
    last_duration_ms: int | None
    last_error: str

    @staticmethod
    def resolve_type(obj: Delivery) -> str:
        return obj.event.type


def _created(endpoint: Endpoint, secret: str) -> Endpoint:
    endpoint.secret = secret  # in this answer only; never stored in clear
    return endpoint


@router.post(
    "",
    response={201: WebhookEndpointCreatedOut, **api_errors(400, 403, 404, 409)},
    summary="Register a webhook endpoint",
    description="Messages follow the Standard Webhooks specification (headers `webhook-id`, "
    "`webhook-timestamp`, `webhook-signature`); the answer carries the signing secret "
    "(`whsec_...`), shown only this once. The URL must be https and resolve to public "
    "addresses. " + EVENTS_HELP,
)
def endpoint_create(request, payload: WebhookEndpointIn):
    if payload.organisation is not None:
        organisation = webhook_organisation_get_for_user(user=request.user, pk=payload.organisation)
    else:
        organisation = webhook_organisations_for_user(user=request.user).first()
        if organisation is None:
            raise PermissionDenied("Only members of an organisation register webhooks.")
    endpoint, secret = services.endpoint_create(
        actor=request.user,
        organisation=organisation,
        url=payload.url,
        events=payload.events,
        description=payload.description,
    )
    return Status(201, _created(endpoint, secret))


@router.get("", response=list[WebhookEndpointOut], summary="The caller's webhook endpoints")
def endpoint_list(request):
    return list(endpoints_for_user(user=request.user)[:500])


@router.get("/{webhook_id}", response={200: WebhookEndpointOut, **api_errors(404)})
def endpoint_get(request, webhook_id: int):
    return endpoint_get_for_user(user=request.user, pk=webhook_id)


@router.patch(
    "/{webhook_id}",
    response={200: WebhookEndpointOut, **api_errors(400, 403, 404, 409)},
    summary="Change a webhook endpoint (URL, events, description, enabled)",
    description="`enabled: true` starts a disabled endpoint afresh; messages that gave "
    "up stay in the log and can be sent again. " + EVENTS_HELP,
)
def endpoint_patch(request, webhook_id: int, payload: WebhookEndpointPatch):
    endpoint = endpoint_get_for_user(user=request.user, pk=webhook_id)
    return services.endpoint_update(
        actor=request.user, endpoint=endpoint, **payload.model_dump(exclude_none=True)
    )


@router.delete(
    "/{webhook_id}", response={204: None, **api_errors(403, 404)}, summary="Delete an endpoint"
)
def endpoint_delete(request, webhook_id: int):
    endpoint = endpoint_get_for_user(user=request.user, pk=webhook_id)
    services.endpoint_delete(actor=request.user, endpoint=endpoint)
    return Status(204, None)


@router.post(
    "/{webhook_id}/rotate-secret",
    response={200: WebhookSecretOut, **api_errors(403, 404)},
    summary="Rotate the signing secret",
    description="Returns the new secret once. For 24 hours messages carry two signatures, "
    "one with the new and one with the previous secret.",
)
def endpoint_rotate(request, webhook_id: int):
    endpoint = endpoint_get_for_user(user=request.user, pk=webhook_id)
    endpoint, secret = services.endpoint_secret_rotate(actor=request.user, endpoint=endpoint)
    return {
        "id": endpoint.pk,
        "secret": secret,
        "previous_secret_valid_until": endpoint.previous_secret_expires_at,
    }


@router.post(
    "/{webhook_id}/test",
    response={202: WebhookDeliveryOut, **api_errors(403, 404, 409)},
    summary="Send a `webhook.test` message to the endpoint",
)
def endpoint_test(request, webhook_id: int):
    endpoint = endpoint_get_for_user(user=request.user, pk=webhook_id)
    delivery = services.endpoint_test(actor=request.user, endpoint=endpoint)
    return Status(202, delivery_get(endpoint=endpoint, pk=delivery.pk))


@router.get(
    "/{webhook_id}/deliveries",
    response={200: list[WebhookDeliveryOut], **api_errors(404)},
    summary="The delivery log (newest first, the last 100)",
)
def delivery_list(request, webhook_id: int):
    endpoint = endpoint_get_for_user(user=request.user, pk=webhook_id)
    return deliveries_of(endpoint=endpoint)


@router.post(
    "/{webhook_id}/deliveries/{delivery_id}/redeliver",
    response={202: WebhookDeliveryOut, **api_errors(403, 404, 409)},
    summary="Send a delivered or given-up message again, with the same `webhook-id`",
)
def delivery_redeliver(request, webhook_id: int, delivery_id: int):
    endpoint = endpoint_get_for_user(user=request.user, pk=webhook_id)
    delivery = delivery_get(endpoint=endpoint, pk=delivery_id)
    services.delivery_redeliver(actor=request.user, delivery=delivery)
    return Status(202, delivery_get(endpoint=endpoint, pk=delivery_id))
