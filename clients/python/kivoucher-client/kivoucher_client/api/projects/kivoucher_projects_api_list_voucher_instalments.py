from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.api_error import ApiError
from ...models.instalments_out import InstalmentsOut
from ...types import Response


def _get_kwargs(
    code: str,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/projects/vouchers/{code}/instalments".format(
            code=quote(str(code), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ApiError | InstalmentsOut | None:
    if response.status_code == 200:
        response_200 = InstalmentsOut.from_dict(response.json())

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
) -> Response[ApiError | InstalmentsOut]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    code: str,
    *,
    client: AuthenticatedClient,
) -> Response[ApiError | InstalmentsOut]:
    """The voucher's instalments, what may still be drawn and whether the caller may

     Errors: `invalid` (400); `token_expired`, `unauthenticated` (401); `forbidden` (403); `not_found`
    (404); `final_proof_submitted`, `instalment_limit`, `invalid_transition`, `share_exceeded`,
    `voucher_expired` (409); `validation_error` (422).

    Args:
        code (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ApiError | InstalmentsOut]
    """

    kwargs = _get_kwargs(
        code=code,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    code: str,
    *,
    client: AuthenticatedClient,
) -> ApiError | InstalmentsOut | None:
    """The voucher's instalments, what may still be drawn and whether the caller may

     Errors: `invalid` (400); `token_expired`, `unauthenticated` (401); `forbidden` (403); `not_found`
    (404); `final_proof_submitted`, `instalment_limit`, `invalid_transition`, `share_exceeded`,
    `voucher_expired` (409); `validation_error` (422).

    Args:
        code (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ApiError | InstalmentsOut
    """

    return sync_detailed(
        code=code,
        client=client,
    ).parsed


async def asyncio_detailed(
    code: str,
    *,
    client: AuthenticatedClient,
) -> Response[ApiError | InstalmentsOut]:
    """The voucher's instalments, what may still be drawn and whether the caller may

     Errors: `invalid` (400); `token_expired`, `unauthenticated` (401); `forbidden` (403); `not_found`
    (404); `final_proof_submitted`, `instalment_limit`, `invalid_transition`, `share_exceeded`,
    `voucher_expired` (409); `validation_error` (422).

    Args:
        code (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ApiError | InstalmentsOut]
    """

    kwargs = _get_kwargs(
        code=code,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    code: str,
    *,
    client: AuthenticatedClient,
) -> ApiError | InstalmentsOut | None:
    """The voucher's instalments, what may still be drawn and whether the caller may

     Errors: `invalid` (400); `token_expired`, `unauthenticated` (401); `forbidden` (403); `not_found`
    (404); `final_proof_submitted`, `instalment_limit`, `invalid_transition`, `share_exceeded`,
    `voucher_expired` (409); `validation_error` (422).

    Args:
        code (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ApiError | InstalmentsOut
    """

    return (
        await asyncio_detailed(
            code=code,
            client=client,
        )
    ).parsed
