from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.api_error import ApiError
from ...models.payout_out import PayoutOut
from ...types import Response


def _get_kwargs(
    payout_id: int,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/payments/payouts/{payout_id}/prepare-again".format(
            payout_id=quote(str(payout_id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> ApiError | PayoutOut | None:
    if response.status_code == 200:
        response_200 = PayoutOut.from_dict(response.json())

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

    if response.status_code == 422:
        response_422 = ApiError.from_dict(response.json())

        return response_422

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ApiError | PayoutOut]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    payout_id: int,
    *,
    client: AuthenticatedClient,
) -> Response[ApiError | PayoutOut]:
    """Prepare a returned payout again to the beneficiary's new bank details

     Errors: `invalid`, `invalid_iban` (400); `token_expired`, `unauthenticated` (401); `forbidden`
    (403); `not_found` (404); `bank_details_change_pending`, `bank_details_unchanged`, `conflict`,
    `invalid_transition` (409); `validation_error` (422).

    Args:
        payout_id (int):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ApiError | PayoutOut]
    """

    kwargs = _get_kwargs(
        payout_id=payout_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    payout_id: int,
    *,
    client: AuthenticatedClient,
) -> ApiError | PayoutOut | None:
    """Prepare a returned payout again to the beneficiary's new bank details

     Errors: `invalid`, `invalid_iban` (400); `token_expired`, `unauthenticated` (401); `forbidden`
    (403); `not_found` (404); `bank_details_change_pending`, `bank_details_unchanged`, `conflict`,
    `invalid_transition` (409); `validation_error` (422).

    Args:
        payout_id (int):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ApiError | PayoutOut
    """

    return sync_detailed(
        payout_id=payout_id,
        client=client,
    ).parsed


async def asyncio_detailed(
    payout_id: int,
    *,
    client: AuthenticatedClient,
) -> Response[ApiError | PayoutOut]:
    """Prepare a returned payout again to the beneficiary's new bank details

     Errors: `invalid`, `invalid_iban` (400); `token_expired`, `unauthenticated` (401); `forbidden`
    (403); `not_found` (404); `bank_details_change_pending`, `bank_details_unchanged`, `conflict`,
    `invalid_transition` (409); `validation_error` (422).

    Args:
        payout_id (int):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ApiError | PayoutOut]
    """

    kwargs = _get_kwargs(
        payout_id=payout_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    payout_id: int,
    *,
    client: AuthenticatedClient,
) -> ApiError | PayoutOut | None:
    """Prepare a returned payout again to the beneficiary's new bank details

     Errors: `invalid`, `invalid_iban` (400); `token_expired`, `unauthenticated` (401); `forbidden`
    (403); `not_found` (404); `bank_details_change_pending`, `bank_details_unchanged`, `conflict`,
    `invalid_transition` (409); `validation_error` (422).

    Args:
        payout_id (int):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ApiError | PayoutOut
    """

    return (
        await asyncio_detailed(
            payout_id=payout_id,
            client=client,
        )
    ).parsed
