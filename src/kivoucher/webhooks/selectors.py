"""Reads of webhooks. Endpoints are an organisation's own: only its members see them
(programme staff neither see nor manage them); anything else is "not found"."""

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from kivoucher.core.errors import NotFound
from kivoucher.core.models import User
from kivoucher.organizations.models import Organisation
from kivoucher.organizations.selectors import member_organisation_ids
from kivoucher.webhooks.models import Delivery, Endpoint

LOG_LENGTH = 100


def webhook_organisations_for_user(*, user: User) -> QuerySet[Organisation]:
    if not user.acts_for_organisation:
        return Organisation.objects.none()
    return Organisation.objects.filter(pk__in=member_organisation_ids(user=user)).order_by("pk")


def webhook_organisation_get_for_user(*, user: User, pk: int) -> Organisation:
    organisation = webhook_organisations_for_user(user=user).filter(pk=pk).first()
    if organisation is None:
        raise NotFound(_("Organisation not found."))
    return organisation


def endpoints_for_user(*, user: User) -> QuerySet[Endpoint]:
    if not user.acts_for_organisation:
        return Endpoint.objects.none()
    return Endpoint.objects.filter(organisation_id__in=member_organisation_ids(user=user)).order_by(
        "pk"
    )


def endpoint_get_for_user(*, user: User, pk: int, organisation_id: int | None = None) -> Endpoint:
    endpoints = endpoints_for_user(user=user).filter(pk=pk)
    if organisation_id is not None:
        endpoints = endpoints.filter(organisation_id=organisation_id)
    endpoint = endpoints.select_related("organisation").first()
    if endpoint is None:
        raise NotFound(_("Webhook endpoint not found."))
    return endpoint


def deliveries_of(*, endpoint: Endpoint, limit: int = LOG_LENGTH) -> list[Delivery]:
    """The endpoint's newest deliveries, with their event's type."""
    return list(
        Delivery.objects.filter(endpoint=endpoint)
        .select_related("event")
        .defer("event__body")
        .order_by("-pk")[:limit]
    )


def delivery_get(*, endpoint: Endpoint, pk: int) -> Delivery:
    delivery = (
        Delivery.objects.filter(endpoint=endpoint, pk=pk)
        .select_related("endpoint", "event")
        .first()
    )
    if delivery is None:
        raise NotFound(_("Delivery not found."))
    return delivery
