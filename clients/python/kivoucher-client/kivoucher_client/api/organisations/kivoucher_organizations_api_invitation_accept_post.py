from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.api_error import ApiError
from ...models.invitation_accept_in import InvitationAcceptIn
from ...models.member_out import MemberOut
from ...types import Response


def _get_kwargs(
    *,
    body: InvitationAcceptIn,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/organisations/invitations/accept",
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

    if response.status_code == 409:
        response_409 = ApiError.from_dict(response.json())

        return response_409

    if response.status_code == 410:
        response_410 = ApiError.from_dict(response.json())

        return response_410

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
    *,
    client: AuthenticatedClient,
    body: InvitationAcceptIn,
) -> Response[ApiError | MemberOut]:
    """Accept an invitation (the caller's e-mail address must be the invited one)

     410 `invitation_unusable` for an expired, used, withdrawn or invalid link; 403
    `invitation_other_email` when it was sent to another address.

    Errors: `bad_request`, `invalid` (400); `token_expired`, `unauthenticated` (401); `forbidden`,
    `invitation_other_email`, `role_mismatch`, `staff_account`, `staff_managed` (403); `already_member`,
    `conflict` (409); `invitation_unusable` (410); `too_large` (413); `validation_error` (422).

    Args:
        body (InvitationAcceptIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ApiError | MemberOut]
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
    body: InvitationAcceptIn,
) -> ApiError | MemberOut | None:
    """Accept an invitation (the caller's e-mail address must be the invited one)

     410 `invitation_unusable` for an expired, used, withdrawn or invalid link; 403
    `invitation_other_email` when it was sent to another address.

    Errors: `bad_request`, `invalid` (400); `token_expired`, `unauthenticated` (401); `forbidden`,
    `invitation_other_email`, `role_mismatch`, `staff_account`, `staff_managed` (403); `already_member`,
    `conflict` (409); `invitation_unusable` (410); `too_large` (413); `validation_error` (422).

    Args:
        body (InvitationAcceptIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ApiError | MemberOut
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: InvitationAcceptIn,
) -> Response[ApiError | MemberOut]:
    """Accept an invitation (the caller's e-mail address must be the invited one)

     410 `invitation_unusable` for an expired, used, withdrawn or invalid link; 403
    `invitation_other_email` when it was sent to another address.

    Errors: `bad_request`, `invalid` (400); `token_expired`, `unauthenticated` (401); `forbidden`,
    `invitation_other_email`, `role_mismatch`, `staff_account`, `staff_managed` (403); `already_member`,
    `conflict` (409); `invitation_unusable` (410); `too_large` (413); `validation_error` (422).

    Args:
        body (InvitationAcceptIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ApiError | MemberOut]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: InvitationAcceptIn,
) -> ApiError | MemberOut | None:
    """Accept an invitation (the caller's e-mail address must be the invited one)

     410 `invitation_unusable` for an expired, used, withdrawn or invalid link; 403
    `invitation_other_email` when it was sent to another address.

    Errors: `bad_request`, `invalid` (400); `token_expired`, `unauthenticated` (401); `forbidden`,
    `invitation_other_email`, `role_mismatch`, `staff_account`, `staff_managed` (403); `already_member`,
    `conflict` (409); `invitation_unusable` (410); `too_large` (413); `validation_error` (422).

    Args:
        body (InvitationAcceptIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ApiError | MemberOut
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
