from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.api_error import ApiError
from ...models.price_quote_out import PriceQuoteOut
from ...types import UNSET, Response


def _get_kwargs(
    code: str,
    *,
    unit_hours: int,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["unit_hours"] = unit_hours

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/presale/offers/{code}/price".format(
            code=quote(str(code), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ApiError | PriceQuoteOut | None:
    if response.status_code == 200:
        response_200 = PriceQuoteOut.from_dict(response.json())

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


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ApiError | PriceQuoteOut]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    code: str,
    *,
    client: AuthenticatedClient | Client,
    unit_hours: int,
) -> Response[ApiError | PriceQuoteOut]:
    """What an order of hours would cost now

     The price of `unit_hours` at this moment: discounted hours left of each tier at
    its price, the rest at the regular price. An order placed later may cost more.

    Errors: `invalid` (400); `not_found` (404); `validation_error` (422).

    Args:
        code (str):
        unit_hours (int):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ApiError | PriceQuoteOut]
    """

    kwargs = _get_kwargs(
        code=code,
        unit_hours=unit_hours,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    code: str,
    *,
    client: AuthenticatedClient | Client,
    unit_hours: int,
) -> ApiError | PriceQuoteOut | None:
    """What an order of hours would cost now

     The price of `unit_hours` at this moment: discounted hours left of each tier at
    its price, the rest at the regular price. An order placed later may cost more.

    Errors: `invalid` (400); `not_found` (404); `validation_error` (422).

    Args:
        code (str):
        unit_hours (int):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ApiError | PriceQuoteOut
    """

    return sync_detailed(
        code=code,
        client=client,
        unit_hours=unit_hours,
    ).parsed


async def asyncio_detailed(
    code: str,
    *,
    client: AuthenticatedClient | Client,
    unit_hours: int,
) -> Response[ApiError | PriceQuoteOut]:
    """What an order of hours would cost now

     The price of `unit_hours` at this moment: discounted hours left of each tier at
    its price, the rest at the regular price. An order placed later may cost more.

    Errors: `invalid` (400); `not_found` (404); `validation_error` (422).

    Args:
        code (str):
        unit_hours (int):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ApiError | PriceQuoteOut]
    """

    kwargs = _get_kwargs(
        code=code,
        unit_hours=unit_hours,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    code: str,
    *,
    client: AuthenticatedClient | Client,
    unit_hours: int,
) -> ApiError | PriceQuoteOut | None:
    """What an order of hours would cost now

     The price of `unit_hours` at this moment: discounted hours left of each tier at
    its price, the rest at the regular price. An order placed later may cost more.

    Errors: `invalid` (400); `not_found` (404); `validation_error` (422).

    Args:
        code (str):
        unit_hours (int):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ApiError | PriceQuoteOut
    """

    return (
        await asyncio_detailed(
            code=code,
            client=client,
            unit_hours=unit_hours,
        )
    ).parsed
