from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.api_error import ApiError
from ...models.eligibility_out import EligibilityOut
from ...types import UNSET, Response


def _get_kwargs(
    org_id: int,
    *,
    programme: str,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["programme"] = programme

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/organisations/{org_id}/eligibility".format(
            org_id=quote(str(org_id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ApiError | EligibilityOut | None:
    if response.status_code == 200:
        response_200 = EligibilityOut.from_dict(response.json())

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
) -> Response[ApiError | EligibilityOut]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    org_id: int,
    *,
    client: AuthenticatedClient,
    programme: str,
) -> Response[ApiError | EligibilityOut]:
    """Every eligibility rule applied, with its figures and result

     Errors: `invalid` (400); `token_expired`, `unauthenticated` (401); `not_found` (404);
    `validation_error` (422).

    Args:
        org_id (int):
        programme (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ApiError | EligibilityOut]
    """

    kwargs = _get_kwargs(
        org_id=org_id,
        programme=programme,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    org_id: int,
    *,
    client: AuthenticatedClient,
    programme: str,
) -> ApiError | EligibilityOut | None:
    """Every eligibility rule applied, with its figures and result

     Errors: `invalid` (400); `token_expired`, `unauthenticated` (401); `not_found` (404);
    `validation_error` (422).

    Args:
        org_id (int):
        programme (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ApiError | EligibilityOut
    """

    return sync_detailed(
        org_id=org_id,
        client=client,
        programme=programme,
    ).parsed


async def asyncio_detailed(
    org_id: int,
    *,
    client: AuthenticatedClient,
    programme: str,
) -> Response[ApiError | EligibilityOut]:
    """Every eligibility rule applied, with its figures and result

     Errors: `invalid` (400); `token_expired`, `unauthenticated` (401); `not_found` (404);
    `validation_error` (422).

    Args:
        org_id (int):
        programme (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ApiError | EligibilityOut]
    """

    kwargs = _get_kwargs(
        org_id=org_id,
        programme=programme,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    org_id: int,
    *,
    client: AuthenticatedClient,
    programme: str,
) -> ApiError | EligibilityOut | None:
    """Every eligibility rule applied, with its figures and result

     Errors: `invalid` (400); `token_expired`, `unauthenticated` (401); `not_found` (404);
    `validation_error` (422).

    Args:
        org_id (int):
        programme (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ApiError | EligibilityOut
    """

    return (
        await asyncio_detailed(
            org_id=org_id,
            client=client,
            programme=programme,
        )
    ).parsed
