from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.api_error import ApiError
from ...models.join_request_in import JoinRequestIn
from ...models.join_request_out import JoinRequestOut
from ...types import Response


def _get_kwargs(
    *,
    body: JoinRequestIn,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/organisations/join-requests",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ApiError | JoinRequestOut | None:
    if response.status_code == 201:
        response_201 = JoinRequestOut.from_dict(response.json())

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


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ApiError | JoinRequestOut]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: JoinRequestIn,
) -> Response[ApiError | JoinRequestOut]:
    """Ask to join a registered organisation (by register number or VAT ID)

     Its owners are told by mail and decide. Asking again while a request waits answers the waiting
    request.

    Errors: `bad_request`, `invalid`, `organisation_unknown` (400); `token_expired`, `unauthenticated`
    (401); `forbidden`, `role_mismatch`, `staff_account`, `staff_managed` (403); `not_found` (404);
    `already_member`, `conflict` (409); `too_large` (413); `validation_error` (422).

    Args:
        body (JoinRequestIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ApiError | JoinRequestOut]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    body: JoinRequestIn,
) -> ApiError | JoinRequestOut | None:
    """Ask to join a registered organisation (by register number or VAT ID)

     Its owners are told by mail and decide. Asking again while a request waits answers the waiting
    request.

    Errors: `bad_request`, `invalid`, `organisation_unknown` (400); `token_expired`, `unauthenticated`
    (401); `forbidden`, `role_mismatch`, `staff_account`, `staff_managed` (403); `not_found` (404);
    `already_member`, `conflict` (409); `too_large` (413); `validation_error` (422).

    Args:
        body (JoinRequestIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ApiError | JoinRequestOut
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: JoinRequestIn,
) -> Response[ApiError | JoinRequestOut]:
    """Ask to join a registered organisation (by register number or VAT ID)

     Its owners are told by mail and decide. Asking again while a request waits answers the waiting
    request.

    Errors: `bad_request`, `invalid`, `organisation_unknown` (400); `token_expired`, `unauthenticated`
    (401); `forbidden`, `role_mismatch`, `staff_account`, `staff_managed` (403); `not_found` (404);
    `already_member`, `conflict` (409); `too_large` (413); `validation_error` (422).

    Args:
        body (JoinRequestIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ApiError | JoinRequestOut]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: JoinRequestIn,
) -> ApiError | JoinRequestOut | None:
    """Ask to join a registered organisation (by register number or VAT ID)

     Its owners are told by mail and decide. Asking again while a request waits answers the waiting
    request.

    Errors: `bad_request`, `invalid`, `organisation_unknown` (400); `token_expired`, `unauthenticated`
    (401); `forbidden`, `role_mismatch`, `staff_account`, `staff_managed` (403); `not_found` (404);
    `already_member`, `conflict` (409); `too_large` (413); `validation_error` (422).

    Args:
        body (JoinRequestIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ApiError | JoinRequestOut
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
