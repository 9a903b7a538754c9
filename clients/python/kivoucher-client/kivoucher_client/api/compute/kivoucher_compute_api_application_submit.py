from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.api_error import ApiError
from ...models.compute_application_in import ComputeApplicationIn
from ...models.compute_application_out import ComputeApplicationOut
from ...types import Response


def _get_kwargs(
    *,
    body: ComputeApplicationIn,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/compute/applications",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ApiError | ComputeApplicationOut | None:
    if response.status_code == 201:
        response_201 = ComputeApplicationOut.from_dict(response.json())

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
) -> Response[ApiError | ComputeApplicationOut]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: ComputeApplicationIn,
) -> Response[ApiError | ComputeApplicationOut]:
    """Apply (one form)

     Errors: `bad_request`, `invalid`, `invalid_call`, `invalid_period` (400); `token_expired`,
    `unauthenticated` (401); `forbidden`, `owner_required`, `signatory_required` (403); `not_found`
    (404); `call_closed`, `conflict`, `data_centre_suspended`, `duplicate`, `duplicate_voucher` (409);
    `too_large` (413); `validation_error` (422).

    Args:
        body (ComputeApplicationIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ApiError | ComputeApplicationOut]
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
    body: ComputeApplicationIn,
) -> ApiError | ComputeApplicationOut | None:
    """Apply (one form)

     Errors: `bad_request`, `invalid`, `invalid_call`, `invalid_period` (400); `token_expired`,
    `unauthenticated` (401); `forbidden`, `owner_required`, `signatory_required` (403); `not_found`
    (404); `call_closed`, `conflict`, `data_centre_suspended`, `duplicate`, `duplicate_voucher` (409);
    `too_large` (413); `validation_error` (422).

    Args:
        body (ComputeApplicationIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ApiError | ComputeApplicationOut
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: ComputeApplicationIn,
) -> Response[ApiError | ComputeApplicationOut]:
    """Apply (one form)

     Errors: `bad_request`, `invalid`, `invalid_call`, `invalid_period` (400); `token_expired`,
    `unauthenticated` (401); `forbidden`, `owner_required`, `signatory_required` (403); `not_found`
    (404); `call_closed`, `conflict`, `data_centre_suspended`, `duplicate`, `duplicate_voucher` (409);
    `too_large` (413); `validation_error` (422).

    Args:
        body (ComputeApplicationIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ApiError | ComputeApplicationOut]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: ComputeApplicationIn,
) -> ApiError | ComputeApplicationOut | None:
    """Apply (one form)

     Errors: `bad_request`, `invalid`, `invalid_call`, `invalid_period` (400); `token_expired`,
    `unauthenticated` (401); `forbidden`, `owner_required`, `signatory_required` (403); `not_found`
    (404); `call_closed`, `conflict`, `data_centre_suspended`, `duplicate`, `duplicate_voucher` (409);
    `too_large` (413); `validation_error` (422).

    Args:
        body (ComputeApplicationIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ApiError | ComputeApplicationOut
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
