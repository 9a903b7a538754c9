from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.api_error import ApiError
from ...models.instalment_out import InstalmentOut
from ...types import Response


def _get_kwargs(
    instalment_id: int,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/projects/instalments/{instalment_id}".format(
            instalment_id=quote(str(instalment_id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ApiError | InstalmentOut | None:
    if response.status_code == 200:
        response_200 = InstalmentOut.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = ApiError.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = ApiError.from_dict(response.json())

        return response_401

    if response.status_code == 404:
        response_404 = ApiError.from_dict(response.json())

        return response_404

    if response.status_code == 422:
        response_422 = ApiError.from_dict(response.json())

        return response_422

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ApiError | InstalmentOut]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    instalment_id: int,
    *,
    client: AuthenticatedClient,
) -> Response[ApiError | InstalmentOut]:
    """Get Instalment

     Errors: `invalid` (400); `token_expired`, `unauthenticated` (401); `not_found` (404);
    `validation_error` (422).

    Args:
        instalment_id (int):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ApiError | InstalmentOut]
    """

    kwargs = _get_kwargs(
        instalment_id=instalment_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    instalment_id: int,
    *,
    client: AuthenticatedClient,
) -> ApiError | InstalmentOut | None:
    """Get Instalment

     Errors: `invalid` (400); `token_expired`, `unauthenticated` (401); `not_found` (404);
    `validation_error` (422).

    Args:
        instalment_id (int):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ApiError | InstalmentOut
    """

    return sync_detailed(
        instalment_id=instalment_id,
        client=client,
    ).parsed


async def asyncio_detailed(
    instalment_id: int,
    *,
    client: AuthenticatedClient,
) -> Response[ApiError | InstalmentOut]:
    """Get Instalment

     Errors: `invalid` (400); `token_expired`, `unauthenticated` (401); `not_found` (404);
    `validation_error` (422).

    Args:
        instalment_id (int):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ApiError | InstalmentOut]
    """

    kwargs = _get_kwargs(
        instalment_id=instalment_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    instalment_id: int,
    *,
    client: AuthenticatedClient,
) -> ApiError | InstalmentOut | None:
    """Get Instalment

     Errors: `invalid` (400); `token_expired`, `unauthenticated` (401); `not_found` (404);
    `validation_error` (422).

    Args:
        instalment_id (int):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ApiError | InstalmentOut
    """

    return (
        await asyncio_detailed(
            instalment_id=instalment_id,
            client=client,
        )
    ).parsed
