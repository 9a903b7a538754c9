import datetime
from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.api_error import ApiError
from ...models.section_out import SectionOut
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    programme: int | None | Unset = UNSET,
    call: int | None | Unset = UNSET,
    date_from: datetime.date | None | Unset = UNSET,
    date_to: datetime.date | None | Unset = UNSET,
    state: str | Unset = "",
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_programme: int | None | Unset
    if isinstance(programme, Unset):
        json_programme = UNSET
    else:
        json_programme = programme
    params["programme"] = json_programme

    json_call: int | None | Unset
    if isinstance(call, Unset):
        json_call = UNSET
    else:
        json_call = call
    params["call"] = json_call

    json_date_from: None | str | Unset
    if isinstance(date_from, Unset):
        json_date_from = UNSET
    elif isinstance(date_from, datetime.date):
        json_date_from = date_from.isoformat()
    else:
        json_date_from = date_from
    params["date_from"] = json_date_from

    json_date_to: None | str | Unset
    if isinstance(date_to, Unset):
        json_date_to = UNSET
    elif isinstance(date_to, datetime.date):
        json_date_to = date_to.isoformat()
    else:
        json_date_to = date_to
    params["date_to"] = json_date_to

    params["state"] = state

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/reporting/dashboard",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ApiError | list[SectionOut] | None:
    if response.status_code == 200:
        response_200 = []
        _response_200 = response.json()
        for response_200_item_data in _response_200:
            response_200_item = SectionOut.from_dict(response_200_item_data)

            response_200.append(response_200_item)

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
) -> Response[ApiError | list[SectionOut]]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    programme: int | None | Unset = UNSET,
    call: int | None | Unset = UNSET,
    date_from: datetime.date | None | Unset = UNSET,
    date_to: datetime.date | None | Unset = UNSET,
    state: str | Unset = "",
) -> Response[ApiError | list[SectionOut]]:
    """Dashboard

     The staff dashboard's figures with the same filters as the page (staff only).

    Errors: `invalid` (400); `token_expired`, `unauthenticated` (401); `not_found` (404);
    `validation_error` (422).

    Args:
        programme (int | None | Unset):
        call (int | None | Unset):
        date_from (datetime.date | None | Unset):
        date_to (datetime.date | None | Unset):
        state (str | Unset):  Default: ''.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ApiError | list[SectionOut]]
    """

    kwargs = _get_kwargs(
        programme=programme,
        call=call,
        date_from=date_from,
        date_to=date_to,
        state=state,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    programme: int | None | Unset = UNSET,
    call: int | None | Unset = UNSET,
    date_from: datetime.date | None | Unset = UNSET,
    date_to: datetime.date | None | Unset = UNSET,
    state: str | Unset = "",
) -> ApiError | list[SectionOut] | None:
    """Dashboard

     The staff dashboard's figures with the same filters as the page (staff only).

    Errors: `invalid` (400); `token_expired`, `unauthenticated` (401); `not_found` (404);
    `validation_error` (422).

    Args:
        programme (int | None | Unset):
        call (int | None | Unset):
        date_from (datetime.date | None | Unset):
        date_to (datetime.date | None | Unset):
        state (str | Unset):  Default: ''.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ApiError | list[SectionOut]
    """

    return sync_detailed(
        client=client,
        programme=programme,
        call=call,
        date_from=date_from,
        date_to=date_to,
        state=state,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    programme: int | None | Unset = UNSET,
    call: int | None | Unset = UNSET,
    date_from: datetime.date | None | Unset = UNSET,
    date_to: datetime.date | None | Unset = UNSET,
    state: str | Unset = "",
) -> Response[ApiError | list[SectionOut]]:
    """Dashboard

     The staff dashboard's figures with the same filters as the page (staff only).

    Errors: `invalid` (400); `token_expired`, `unauthenticated` (401); `not_found` (404);
    `validation_error` (422).

    Args:
        programme (int | None | Unset):
        call (int | None | Unset):
        date_from (datetime.date | None | Unset):
        date_to (datetime.date | None | Unset):
        state (str | Unset):  Default: ''.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ApiError | list[SectionOut]]
    """

    kwargs = _get_kwargs(
        programme=programme,
        call=call,
        date_from=date_from,
        date_to=date_to,
        state=state,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    programme: int | None | Unset = UNSET,
    call: int | None | Unset = UNSET,
    date_from: datetime.date | None | Unset = UNSET,
    date_to: datetime.date | None | Unset = UNSET,
    state: str | Unset = "",
) -> ApiError | list[SectionOut] | None:
    """Dashboard

     The staff dashboard's figures with the same filters as the page (staff only).

    Errors: `invalid` (400); `token_expired`, `unauthenticated` (401); `not_found` (404);
    `validation_error` (422).

    Args:
        programme (int | None | Unset):
        call (int | None | Unset):
        date_from (datetime.date | None | Unset):
        date_to (datetime.date | None | Unset):
        state (str | Unset):  Default: ''.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ApiError | list[SectionOut]
    """

    return (
        await asyncio_detailed(
            client=client,
            programme=programme,
            call=call,
            date_from=date_from,
            date_to=date_to,
            state=state,
        )
    ).parsed
