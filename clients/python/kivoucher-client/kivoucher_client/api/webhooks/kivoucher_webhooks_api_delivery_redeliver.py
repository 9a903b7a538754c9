from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.api_error import ApiError
from ...models.webhook_delivery_out import WebhookDeliveryOut
from ...types import Response


def _get_kwargs(
    webhook_id: int,
    delivery_id: int,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/webhooks/{webhook_id}/deliveries/{delivery_id}/redeliver".format(
            webhook_id=quote(str(webhook_id), safe=""),
            delivery_id=quote(str(delivery_id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ApiError | WebhookDeliveryOut | None:
    if response.status_code == 202:
        response_202 = WebhookDeliveryOut.from_dict(response.json())

        return response_202

    if response.status_code == 400:
        response_400 = ApiError.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = ApiError.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = ApiError.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = ApiError.from_dict(response.json())

        return response_404

    if response.status_code == 409:
        response_409 = ApiError.from_dict(response.json())

        return response_409

    if response.status_code == 422:
        response_422 = ApiError.from_dict(response.json())

        return response_422

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ApiError | WebhookDeliveryOut]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    webhook_id: int,
    delivery_id: int,
    *,
    client: AuthenticatedClient,
) -> Response[ApiError | WebhookDeliveryOut]:
    """Send a delivered or given-up message again, with the same `webhook-id`

     Errors: `invalid` (400); `token_expired`, `unauthenticated` (401); `forbidden` (403); `not_found`
    (404); `conflict`, `invalid_transition`, `webhook_delivery_active`, `webhook_endpoint_disabled`
    (409); `validation_error` (422).

    Args:
        webhook_id (int):
        delivery_id (int):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ApiError | WebhookDeliveryOut]
    """

    kwargs = _get_kwargs(
        webhook_id=webhook_id,
        delivery_id=delivery_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    webhook_id: int,
    delivery_id: int,
    *,
    client: AuthenticatedClient,
) -> ApiError | WebhookDeliveryOut | None:
    """Send a delivered or given-up message again, with the same `webhook-id`

     Errors: `invalid` (400); `token_expired`, `unauthenticated` (401); `forbidden` (403); `not_found`
    (404); `conflict`, `invalid_transition`, `webhook_delivery_active`, `webhook_endpoint_disabled`
    (409); `validation_error` (422).

    Args:
        webhook_id (int):
        delivery_id (int):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ApiError | WebhookDeliveryOut
    """

    return sync_detailed(
        webhook_id=webhook_id,
        delivery_id=delivery_id,
        client=client,
    ).parsed


async def asyncio_detailed(
    webhook_id: int,
    delivery_id: int,
    *,
    client: AuthenticatedClient,
) -> Response[ApiError | WebhookDeliveryOut]:
    """Send a delivered or given-up message again, with the same `webhook-id`

     Errors: `invalid` (400); `token_expired`, `unauthenticated` (401); `forbidden` (403); `not_found`
    (404); `conflict`, `invalid_transition`, `webhook_delivery_active`, `webhook_endpoint_disabled`
    (409); `validation_error` (422).

    Args:
        webhook_id (int):
        delivery_id (int):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ApiError | WebhookDeliveryOut]
    """

    kwargs = _get_kwargs(
        webhook_id=webhook_id,
        delivery_id=delivery_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    webhook_id: int,
    delivery_id: int,
    *,
    client: AuthenticatedClient,
) -> ApiError | WebhookDeliveryOut | None:
    """Send a delivered or given-up message again, with the same `webhook-id`

     Errors: `invalid` (400); `token_expired`, `unauthenticated` (401); `forbidden` (403); `not_found`
    (404); `conflict`, `invalid_transition`, `webhook_delivery_active`, `webhook_endpoint_disabled`
    (409); `validation_error` (422).

    Args:
        webhook_id (int):
        delivery_id (int):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ApiError | WebhookDeliveryOut
    """

    return (
        await asyncio_detailed(
            webhook_id=webhook_id,
            delivery_id=delivery_id,
            client=client,
        )
    ).parsed
