from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.api_error import ApiError
from ...models.kiis_in import KiisIn
from ...models.kiis_out import KiisOut
from ...types import Response


def _get_kwargs(
    code: str,
    share_class: str,
    *,
    body: KiisIn,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/presale/offers/{code}/share-classes/{share_class}/kiis".format(
            code=quote(str(code), safe=""),
            share_class=quote(str(share_class), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> ApiError | KiisOut | None:
    if response.status_code == 201:
        response_201 = KiisOut.from_dict(response.json())

        return response_201

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
    client: AuthenticatedClient,
    body: KiisIn,
) -> Response[ApiError | KiisOut]:
    """Publish a new version of the sheet (staff)

     Errors: `bad_request`, `invalid`, `kiis_incomplete` (400); `token_expired`, `unauthenticated` (401);
    `forbidden` (403); `not_found` (404); `conflict` (409); `too_large` (413); `validation_error` (422).

    Args:
        code (str):
        share_class (str):
        body (KiisIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ApiError | KiisOut]
    """

    kwargs = _get_kwargs(
        code=code,
        share_class=share_class,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    code: str,
    share_class: str,
    *,
    client: AuthenticatedClient,
    body: KiisIn,
) -> ApiError | KiisOut | None:
    """Publish a new version of the sheet (staff)

     Errors: `bad_request`, `invalid`, `kiis_incomplete` (400); `token_expired`, `unauthenticated` (401);
    `forbidden` (403); `not_found` (404); `conflict` (409); `too_large` (413); `validation_error` (422).

    Args:
        code (str):
        share_class (str):
        body (KiisIn):

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
        body=body,
    ).parsed


async def asyncio_detailed(
    code: str,
    share_class: str,
    *,
    client: AuthenticatedClient,
    body: KiisIn,
) -> Response[ApiError | KiisOut]:
    """Publish a new version of the sheet (staff)

     Errors: `bad_request`, `invalid`, `kiis_incomplete` (400); `token_expired`, `unauthenticated` (401);
    `forbidden` (403); `not_found` (404); `conflict` (409); `too_large` (413); `validation_error` (422).

    Args:
        code (str):
        share_class (str):
        body (KiisIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ApiError | KiisOut]
    """

    kwargs = _get_kwargs(
        code=code,
        share_class=share_class,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    code: str,
    share_class: str,
    *,
    client: AuthenticatedClient,
    body: KiisIn,
) -> ApiError | KiisOut | None:
    """Publish a new version of the sheet (staff)

     Errors: `bad_request`, `invalid`, `kiis_incomplete` (400); `token_expired`, `unauthenticated` (401);
    `forbidden` (403); `not_found` (404); `conflict` (409); `too_large` (413); `validation_error` (422).

    Args:
        code (str):
        share_class (str):
        body (KiisIn):

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
            body=body,
        )
    ).parsed
