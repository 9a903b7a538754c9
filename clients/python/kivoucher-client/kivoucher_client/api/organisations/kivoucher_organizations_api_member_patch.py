from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.api_error import ApiError
from ...models.member_out import MemberOut
from ...models.member_patch import MemberPatch
from ...types import Response


def _get_kwargs(
    org_id: int,
    member_id: int,
    *,
    body: MemberPatch,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "patch",
        "url": "/api/v1/organisations/{org_id}/members/{member_id}".format(
            org_id=quote(str(org_id), safe=""),
            member_id=quote(str(member_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> ApiError | MemberOut | None:
    if response.status_code == 200:
        response_200 = MemberOut.from_dict(response.json())

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
) -> Response[ApiError | MemberOut]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    org_id: int,
    member_id: int,
    *,
    client: AuthenticatedClient,
    body: MemberPatch,
) -> Response[ApiError | MemberOut]:
    """Change a member's role (owners)

     409 `last_owner` when the organisation would have no owner left; hand over ownership by making
    another member owner first.

    Errors: `bad_request`, `invalid`, `invalid_role` (400); `token_expired`, `unauthenticated` (401);
    `forbidden`, `owner_required` (403); `not_found` (404); `conflict`, `last_owner` (409); `too_large`
    (413); `validation_error` (422).

    Args:
        org_id (int):
        member_id (int):
        body (MemberPatch):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ApiError | MemberOut]
    """

    kwargs = _get_kwargs(
        org_id=org_id,
        member_id=member_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    org_id: int,
    member_id: int,
    *,
    client: AuthenticatedClient,
    body: MemberPatch,
) -> ApiError | MemberOut | None:
    """Change a member's role (owners)

     409 `last_owner` when the organisation would have no owner left; hand over ownership by making
    another member owner first.

    Errors: `bad_request`, `invalid`, `invalid_role` (400); `token_expired`, `unauthenticated` (401);
    `forbidden`, `owner_required` (403); `not_found` (404); `conflict`, `last_owner` (409); `too_large`
    (413); `validation_error` (422).

    Args:
        org_id (int):
        member_id (int):
        body (MemberPatch):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ApiError | MemberOut
    """

    return sync_detailed(
        org_id=org_id,
        member_id=member_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    org_id: int,
    member_id: int,
    *,
    client: AuthenticatedClient,
    body: MemberPatch,
) -> Response[ApiError | MemberOut]:
    """Change a member's role (owners)

     409 `last_owner` when the organisation would have no owner left; hand over ownership by making
    another member owner first.

    Errors: `bad_request`, `invalid`, `invalid_role` (400); `token_expired`, `unauthenticated` (401);
    `forbidden`, `owner_required` (403); `not_found` (404); `conflict`, `last_owner` (409); `too_large`
    (413); `validation_error` (422).

    Args:
        org_id (int):
        member_id (int):
        body (MemberPatch):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ApiError | MemberOut]
    """

    kwargs = _get_kwargs(
        org_id=org_id,
        member_id=member_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    org_id: int,
    member_id: int,
    *,
    client: AuthenticatedClient,
    body: MemberPatch,
) -> ApiError | MemberOut | None:
    """Change a member's role (owners)

     409 `last_owner` when the organisation would have no owner left; hand over ownership by making
    another member owner first.

    Errors: `bad_request`, `invalid`, `invalid_role` (400); `token_expired`, `unauthenticated` (401);
    `forbidden`, `owner_required` (403); `not_found` (404); `conflict`, `last_owner` (409); `too_large`
    (413); `validation_error` (422).

    Args:
        org_id (int):
        member_id (int):
        body (MemberPatch):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ApiError | MemberOut
    """

    return (
        await asyncio_detailed(
            org_id=org_id,
            member_id=member_id,
            client=client,
            body=body,
        )
    ).parsed
