from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.api_error import ApiError
from ...models.directory_out import DirectoryOut
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    federal_state: str | Unset = "",
    competence: str | Unset = "",
    category: str | Unset = "",
    q: str | Unset = "",
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["federal_state"] = federal_state

    params["competence"] = competence

    params["category"] = category

    params["q"] = q

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/providers",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ApiError | list[DirectoryOut] | None:
    if response.status_code == 200:
        response_200 = []
        _response_200 = response.json()
        for response_200_item_data in _response_200:
            response_200_item = DirectoryOut.from_dict(response_200_item_data)

            response_200.append(response_200_item)

        return response_200

    if response.status_code == 400:
        response_400 = ApiError.from_dict(response.json())

        return response_400

    if response.status_code == 422:
        response_422 = ApiError.from_dict(response.json())

        return response_422

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ApiError | list[DirectoryOut]]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    federal_state: str | Unset = "",
    competence: str | Unset = "",
    category: str | Unset = "",
    q: str | Unset = "",
) -> Response[ApiError | list[DirectoryOut]]:
    """Directory of accredited providers

     Errors: `invalid` (400); `validation_error` (422).

    Args:
        federal_state (str | Unset):  Default: ''.
        competence (str | Unset):  Default: ''.
        category (str | Unset):  Default: ''.
        q (str | Unset):  Default: ''.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ApiError | list[DirectoryOut]]
    """

    kwargs = _get_kwargs(
        federal_state=federal_state,
        competence=competence,
        category=category,
        q=q,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    federal_state: str | Unset = "",
    competence: str | Unset = "",
    category: str | Unset = "",
    q: str | Unset = "",
) -> ApiError | list[DirectoryOut] | None:
    """Directory of accredited providers

     Errors: `invalid` (400); `validation_error` (422).

    Args:
        federal_state (str | Unset):  Default: ''.
        competence (str | Unset):  Default: ''.
        category (str | Unset):  Default: ''.
        q (str | Unset):  Default: ''.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ApiError | list[DirectoryOut]
    """

    return sync_detailed(
        client=client,
        federal_state=federal_state,
        competence=competence,
        category=category,
        q=q,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    federal_state: str | Unset = "",
    competence: str | Unset = "",
    category: str | Unset = "",
    q: str | Unset = "",
) -> Response[ApiError | list[DirectoryOut]]:
    """Directory of accredited providers

     Errors: `invalid` (400); `validation_error` (422).

    Args:
        federal_state (str | Unset):  Default: ''.
        competence (str | Unset):  Default: ''.
        category (str | Unset):  Default: ''.
        q (str | Unset):  Default: ''.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ApiError | list[DirectoryOut]]
    """

    kwargs = _get_kwargs(
        federal_state=federal_state,
        competence=competence,
        category=category,
        q=q,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    federal_state: str | Unset = "",
    competence: str | Unset = "",
    category: str | Unset = "",
    q: str | Unset = "",
) -> ApiError | list[DirectoryOut] | None:
    """Directory of accredited providers

     Errors: `invalid` (400); `validation_error` (422).

    Args:
        federal_state (str | Unset):  Default: ''.
        competence (str | Unset):  Default: ''.
        category (str | Unset):  Default: ''.
        q (str | Unset):  Default: ''.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ApiError | list[DirectoryOut]
    """

    return (
        await asyncio_detailed(
            client=client,
            federal_state=federal_state,
            competence=competence,
            category=category,
            q=q,
        )
    ).parsed
