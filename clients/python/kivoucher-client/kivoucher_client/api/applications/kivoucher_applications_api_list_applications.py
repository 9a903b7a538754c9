from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.api_error import ApiError
from ...models.application_out import ApplicationOut
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    status: str | Unset = "",
    call: int | None | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["status"] = status

    json_call: int | None | Unset
    if isinstance(call, Unset):
        json_call = UNSET
    else:
        json_call = call
    params["call"] = json_call

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/applications",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ApiError | list[ApplicationOut] | None:
    if response.status_code == 200:
        response_200 = []
        _response_200 = response.json()
        for response_200_item_data in _response_200:
            response_200_item = ApplicationOut.from_dict(response_200_item_data)

            response_200.append(response_200_item)

        return response_200

    if response.status_code == 400:
        response_400 = ApiError.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = ApiError.from_dict(response.json())

        return response_401

    if response.status_code == 422:
        response_422 = ApiError.from_dict(response.json())

        return response_422

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ApiError | list[ApplicationOut]]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    status: str | Unset = "",
    call: int | None | Unset = UNSET,
) -> Response[ApiError | list[ApplicationOut]]:
    """Applications the caller may see

     Errors: `invalid` (400); `token_expired`, `unauthenticated` (401); `validation_error` (422).

    Args:
        status (str | Unset):  Default: ''.
        call (int | None | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ApiError | list[ApplicationOut]]
    """

    kwargs = _get_kwargs(
        status=status,
        call=call,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    status: str | Unset = "",
    call: int | None | Unset = UNSET,
) -> ApiError | list[ApplicationOut] | None:
    """Applications the caller may see

     Errors: `invalid` (400); `token_expired`, `unauthenticated` (401); `validation_error` (422).

    Args:
        status (str | Unset):  Default: ''.
        call (int | None | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ApiError | list[ApplicationOut]
    """

    return sync_detailed(
        client=client,
        status=status,
        call=call,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    status: str | Unset = "",
    call: int | None | Unset = UNSET,
) -> Response[ApiError | list[ApplicationOut]]:
    """Applications the caller may see

     Errors: `invalid` (400); `token_expired`, `unauthenticated` (401); `validation_error` (422).

    Args:
        status (str | Unset):  Default: ''.
        call (int | None | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ApiError | list[ApplicationOut]]
    """

    kwargs = _get_kwargs(
        status=status,
        call=call,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    status: str | Unset = "",
    call: int | None | Unset = UNSET,
) -> ApiError | list[ApplicationOut] | None:
    """Applications the caller may see

     Errors: `invalid` (400); `token_expired`, `unauthenticated` (401); `validation_error` (422).

    Args:
        status (str | Unset):  Default: ''.
        call (int | None | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ApiError | list[ApplicationOut]
    """

    return (
        await asyncio_detailed(
            client=client,
            status=status,
            call=call,
        )
    ).parsed
