from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.api_error import ApiError
from ...models.kiis_out import KiisOut
from ...types import Response


def _get_kwargs(
    code: str,
    share_class: str,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/presale/offers/{code}/share-classes/{share_class}/kiis".format(
            code=quote(str(code), safe=""),
            share_class=quote(str(share_class), safe=""),
        ),
    }

    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> ApiError | KiisOut | None:
    if response.status_code == 200:
        response_200 = KiisOut.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = ApiError.from_dict(response.json())

        return response_400

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[ApiError | KiisOut]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    code: str,
    share_class: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[ApiError | KiisOut]:
    """The current key investment information sheet of a share class

     Errors: `invalid` (400); `not_found` (404); `validation_error` (422).

    Args:
        code (str):
        share_class (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ApiError | KiisOut]
    """

    kwargs = _get_kwargs(
        code=code,
        share_class=share_class,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    code: str,
    share_class: str,
    *,
    client: AuthenticatedClient | Client,
) -> ApiError | KiisOut | None:
    """The current key investment information sheet of a share class

     Errors: `invalid` (400); `not_found` (404); `validation_error` (422).

    Args:
        code (str):
        share_class (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ApiError | KiisOut
    """

    return sync_detailed(
        code=code,
        share_class=share_class,
        client=client,
    ).parsed


async def asyncio_detailed(
    code: str,
    share_class: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[ApiError | KiisOut]:
    """The current key investment information sheet of a share class

     Errors: `invalid` (400); `not_found` (404); `validation_error` (422).

    Args:
        code (str):
        share_class (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ApiError | KiisOut]
    """

    kwargs = _get_kwargs(
        code=code,
        share_class=share_class,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    code: str,
    share_class: str,
    *,
    client: AuthenticatedClient | Client,
) -> ApiError | KiisOut | None:
    """The current key investment information sheet of a share class

     Errors: `invalid` (400); `not_found` (404); `validation_error` (422).

    Args:
        code (str):
        share_class (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ApiError | KiisOut
    """

    return (
        await asyncio_detailed(
            code=code,
            share_class=share_class,
            client=client,
        )
    ).parsed
