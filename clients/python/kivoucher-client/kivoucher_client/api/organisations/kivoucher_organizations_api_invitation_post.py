from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.api_error import ApiError
from ...models.invitation_in import InvitationIn
from ...models.invitation_out import InvitationOut
from ...types import Response


def _get_kwargs(
    org_id: int,
    *,
    body: InvitationIn,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/organisations/{org_id}/invitations".format(
            org_id=quote(str(org_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ApiError | InvitationOut | None:
    if response.status_code == 201:
        response_201 = InvitationOut.from_dict(response.json())

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
) -> Response[ApiError | InvitationOut]:
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
    body: InvitationIn,
) -> Response[ApiError | InvitationOut]:
    """Invite a person by e-mail with a role (owners)

     The mail carries a single-use link that expires after KIVOUCHER_INVITATION_DAYS days; inviting an
    address again replaces its pending invitation.

    Errors: `bad_request`, `invalid`, `invalid_email`, `invalid_role` (400); `token_expired`,
    `unauthenticated` (401); `forbidden`, `owner_required` (403); `not_found` (404); `already_member`,
    `conflict` (409); `too_large` (413); `validation_error` (422).

    Args:
        org_id (int):
        body (InvitationIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ApiError | InvitationOut]
    """

    kwargs = _get_kwargs(
        org_id=org_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    org_id: int,
    *,
    client: AuthenticatedClient,
    body: InvitationIn,
) -> ApiError | InvitationOut | None:
    """Invite a person by e-mail with a role (owners)

     The mail carries a single-use link that expires after KIVOUCHER_INVITATION_DAYS days; inviting an
    address again replaces its pending invitation.

    Errors: `bad_request`, `invalid`, `invalid_email`, `invalid_role` (400); `token_expired`,
    `unauthenticated` (401); `forbidden`, `owner_required` (403); `not_found` (404); `already_member`,
    `conflict` (409); `too_large` (413); `validation_error` (422).

    Args:
        org_id (int):
        body (InvitationIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ApiError | InvitationOut
    """

    return sync_detailed(
        org_id=org_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    org_id: int,
    *,
    client: AuthenticatedClient,
    body: InvitationIn,
) -> Response[ApiError | InvitationOut]:
    """Invite a person by e-mail with a role (owners)

     The mail carries a single-use link that expires after KIVOUCHER_INVITATION_DAYS days; inviting an
    address again replaces its pending invitation.

    Errors: `bad_request`, `invalid`, `invalid_email`, `invalid_role` (400); `token_expired`,
    `unauthenticated` (401); `forbidden`, `owner_required` (403); `not_found` (404); `already_member`,
    `conflict` (409); `too_large` (413); `validation_error` (422).

    Args:
        org_id (int):
        body (InvitationIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ApiError | InvitationOut]
    """

    kwargs = _get_kwargs(
        org_id=org_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    org_id: int,
    *,
    client: AuthenticatedClient,
    body: InvitationIn,
) -> ApiError | InvitationOut | None:
    """Invite a person by e-mail with a role (owners)

     The mail carries a single-use link that expires after KIVOUCHER_INVITATION_DAYS days; inviting an
    address again replaces its pending invitation.

    Errors: `bad_request`, `invalid`, `invalid_email`, `invalid_role` (400); `token_expired`,
    `unauthenticated` (401); `forbidden`, `owner_required` (403); `not_found` (404); `already_member`,
    `conflict` (409); `too_large` (413); `validation_error` (422).

    Args:
        org_id (int):
        body (InvitationIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ApiError | InvitationOut
    """

    return (
        await asyncio_detailed(
            org_id=org_id,
            client=client,
            body=body,
        )
    ).parsed
