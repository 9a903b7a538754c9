from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.api_error import ApiError
from ...models.compute_voucher_out import ComputeVoucherOut
from ...types import Response


def _get_kwargs() -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/compute/vouchers",
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ApiError | list[ComputeVoucherOut] | None:
    if response.status_code == 200:
        response_200 = []
        _response_200 = response.json()
        for response_200_item_data in _response_200:
            response_200_item = ComputeVoucherOut.from_dict(response_200_item_data)

            response_200.append(response_200_item)

        return response_200

    if response.status_code == 401:
        response_401 = ApiError.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = ApiError.from_dict(response.json())

        return response_403

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ApiError | list[ComputeVoucherOut]]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
) -> Response[ApiError | list[ComputeVoucherOut]]:
    """Vouchers redeemable here

     Exactly the vouchers that can be used at the caller's data centre now: status
    `active` (not used up, expired or cancelled), issued and within their validity
    (`valid_until` inclusive). While the data centre's Gaia-X evidence has lapsed (or
    its expiry has passed) the list is empty: no voucher may be used then. The Slurm
    site agent gives exactly the accounts of these vouchers a limit above zero and sets
    every other account it manages to zero.

    Errors: `token_expired`, `unauthenticated` (401); `forbidden` (403).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ApiError | list[ComputeVoucherOut]]
    """

    kwargs = _get_kwargs()

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
) -> ApiError | list[ComputeVoucherOut] | None:
    """Vouchers redeemable here

     Exactly the vouchers that can be used at the caller's data centre now: status
    `active` (not used up, expired or cancelled), issued and within their validity
    (`valid_until` inclusive). While the data centre's Gaia-X evidence has lapsed (or
    its expiry has passed) the list is empty: no voucher may be used then. The Slurm
    site agent gives exactly the accounts of these vouchers a limit above zero and sets
    every other account it manages to zero.

    Errors: `token_expired`, `unauthenticated` (401); `forbidden` (403).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ApiError | list[ComputeVoucherOut]
    """

    return sync_detailed(
        client=client,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
) -> Response[ApiError | list[ComputeVoucherOut]]:
    """Vouchers redeemable here

     Exactly the vouchers that can be used at the caller's data centre now: status
    `active` (not used up, expired or cancelled), issued and within their validity
    (`valid_until` inclusive). While the data centre's Gaia-X evidence has lapsed (or
    its expiry has passed) the list is empty: no voucher may be used then. The Slurm
    site agent gives exactly the accounts of these vouchers a limit above zero and sets
    every other account it manages to zero.

    Errors: `token_expired`, `unauthenticated` (401); `forbidden` (403).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ApiError | list[ComputeVoucherOut]]
    """

    kwargs = _get_kwargs()

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
) -> ApiError | list[ComputeVoucherOut] | None:
    """Vouchers redeemable here

     Exactly the vouchers that can be used at the caller's data centre now: status
    `active` (not used up, expired or cancelled), issued and within their validity
    (`valid_until` inclusive). While the data centre's Gaia-X evidence has lapsed (or
    its expiry has passed) the list is empty: no voucher may be used then. The Slurm
    site agent gives exactly the accounts of these vouchers a limit above zero and sets
    every other account it manages to zero.

    Errors: `token_expired`, `unauthenticated` (401); `forbidden` (403).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ApiError | list[ComputeVoucherOut]
    """

    return (
        await asyncio_detailed(
            client=client,
        )
    ).parsed
