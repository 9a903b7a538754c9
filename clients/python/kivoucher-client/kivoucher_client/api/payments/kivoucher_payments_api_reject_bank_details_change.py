from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.api_error import ApiError
from ...models.bank_details_change_out import BankDetailsChangeOut
from ...models.bank_details_reject_in import BankDetailsRejectIn
from ...types import Response


def _get_kwargs(
    change_id: int,
    *,
    body: BankDetailsRejectIn,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/payments/bank-details-changes/{change_id}/reject".format(
            change_id=quote(str(change_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ApiError | BankDetailsChangeOut | None:
    if response.status_code == 200:
        response_200 = BankDetailsChangeOut.from_dict(response.json())

        return response_200

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

    if response.status_code == 413:
        response_413 = ApiError.from_dict(response.json())

        return response_413

    if response.status_code == 422:
        response_422 = ApiError.from_dict(response.json())

        return response_422

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ApiError | BankDetailsChangeOut]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    change_id: int,
    *,
    client: AuthenticatedClient,
    body: BankDetailsRejectIn,
) -> Response[ApiError | BankDetailsChangeOut]:
    """Reject a change of bank details (or withdraw one's own); the old details stay

     Errors: `bad_request`, `invalid`, `reason_missing` (400); `token_expired`, `unauthenticated` (401);
    `forbidden`, `four_eyes`, `owner_required` (403); `not_found` (404); `conflict`,
    `invalid_transition` (409); `too_large` (413); `validation_error` (422).

    Args:
        change_id (int):
        body (BankDetailsRejectIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ApiError | BankDetailsChangeOut]
    """

    kwargs = _get_kwargs(
        change_id=change_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    change_id: int,
    *,
    client: AuthenticatedClient,
    body: BankDetailsRejectIn,
) -> ApiError | BankDetailsChangeOut | None:
    """Reject a change of bank details (or withdraw one's own); the old details stay

     Errors: `bad_request`, `invalid`, `reason_missing` (400); `token_expired`, `unauthenticated` (401);
    `forbidden`, `four_eyes`, `owner_required` (403); `not_found` (404); `conflict`,
    `invalid_transition` (409); `too_large` (413); `validation_error` (422).

    Args:
        change_id (int):
        body (BankDetailsRejectIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ApiError | BankDetailsChangeOut
    """

    return sync_detailed(
        change_id=change_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    change_id: int,
    *,
    client: AuthenticatedClient,
    body: BankDetailsRejectIn,
) -> Response[ApiError | BankDetailsChangeOut]:
    """Reject a change of bank details (or withdraw one's own); the old details stay

     Errors: `bad_request`, `invalid`, `reason_missing` (400); `token_expired`, `unauthenticated` (401);
    `forbidden`, `four_eyes`, `owner_required` (403); `not_found` (404); `conflict`,
    `invalid_transition` (409); `too_large` (413); `validation_error` (422).

    Args:
        change_id (int):
        body (BankDetailsRejectIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ApiError | BankDetailsChangeOut]
    """

    kwargs = _get_kwargs(
        change_id=change_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    change_id: int,
    *,
    client: AuthenticatedClient,
    body: BankDetailsRejectIn,
) -> ApiError | BankDetailsChangeOut | None:
    """Reject a change of bank details (or withdraw one's own); the old details stay

     Errors: `bad_request`, `invalid`, `reason_missing` (400); `token_expired`, `unauthenticated` (401);
    `forbidden`, `four_eyes`, `owner_required` (403); `not_found` (404); `conflict`,
    `invalid_transition` (409); `too_large` (413); `validation_error` (422).

    Args:
        change_id (int):
        body (BankDetailsRejectIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ApiError | BankDetailsChangeOut
    """

    return (
        await asyncio_detailed(
            change_id=change_id,
            client=client,
            body=body,
        )
    ).parsed
