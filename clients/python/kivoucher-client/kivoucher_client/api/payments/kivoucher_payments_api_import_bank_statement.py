from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.api_error import ApiError
from ...models.bank_statement_out import BankStatementOut
from ...models.kivoucher_payments_api_import_bank_statement_files_body import (
    KivoucherPaymentsApiImportBankStatementFilesBody,
)
from ...types import Response


def _get_kwargs(
    *,
    body: KivoucherPaymentsApiImportBankStatementFilesBody,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/payments/bank-statements",
    }

    _kwargs["files"] = body.to_multipart()

    headers["Content-Type"] = "multipart/form-data; boundary=+++"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ApiError | BankStatementOut | None:
    if response.status_code == 200:
        response_200 = BankStatementOut.from_dict(response.json())

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

    if response.status_code == 413:
        response_413 = ApiError.from_dict(response.json())

        return response_413

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ApiError | BankStatementOut]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: KivoucherPaymentsApiImportBankStatementFilesBody,
) -> Response[ApiError | BankStatementOut]:
    """Import a camt.053 bank statement (the XML as the body, or a multipart `file`)

     Debits with a payout's end-to-end id pay it; returns (with their reason code) reopen it as
    `returned`; credits with a programme reference go to their domain (pre-sale purchases, repayments).
    Every entry gets a result: `matched`, `already_matched`, `unknown` or `amount_differs`; nothing is
    confirmed on a mismatch, and importing the same statement again changes nothing.

    Errors: `camt_invalid`, `file_missing`, `invalid_transfer` (400); `token_expired`, `unauthenticated`
    (401); `forbidden` (403); `already_paid`, `conflict`, `invalid_transition` (409); `too_large` (413).

    Args:
        body (KivoucherPaymentsApiImportBankStatementFilesBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ApiError | BankStatementOut]
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
    body: KivoucherPaymentsApiImportBankStatementFilesBody,
) -> ApiError | BankStatementOut | None:
    """Import a camt.053 bank statement (the XML as the body, or a multipart `file`)

     Debits with a payout's end-to-end id pay it; returns (with their reason code) reopen it as
    `returned`; credits with a programme reference go to their domain (pre-sale purchases, repayments).
    Every entry gets a result: `matched`, `already_matched`, `unknown` or `amount_differs`; nothing is
    confirmed on a mismatch, and importing the same statement again changes nothing.

    Errors: `camt_invalid`, `file_missing`, `invalid_transfer` (400); `token_expired`, `unauthenticated`
    (401); `forbidden` (403); `already_paid`, `conflict`, `invalid_transition` (409); `too_large` (413).

    Args:
        body (KivoucherPaymentsApiImportBankStatementFilesBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ApiError | BankStatementOut
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: KivoucherPaymentsApiImportBankStatementFilesBody,
) -> Response[ApiError | BankStatementOut]:
    """Import a camt.053 bank statement (the XML as the body, or a multipart `file`)

     Debits with a payout's end-to-end id pay it; returns (with their reason code) reopen it as
    `returned`; credits with a programme reference go to their domain (pre-sale purchases, repayments).
    Every entry gets a result: `matched`, `already_matched`, `unknown` or `amount_differs`; nothing is
    confirmed on a mismatch, and importing the same statement again changes nothing.

    Errors: `camt_invalid`, `file_missing`, `invalid_transfer` (400); `token_expired`, `unauthenticated`
    (401); `forbidden` (403); `already_paid`, `conflict`, `invalid_transition` (409); `too_large` (413).

    Args:
        body (KivoucherPaymentsApiImportBankStatementFilesBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ApiError | BankStatementOut]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: KivoucherPaymentsApiImportBankStatementFilesBody,
) -> ApiError | BankStatementOut | None:
    """Import a camt.053 bank statement (the XML as the body, or a multipart `file`)

     Debits with a payout's end-to-end id pay it; returns (with their reason code) reopen it as
    `returned`; credits with a programme reference go to their domain (pre-sale purchases, repayments).
    Every entry gets a result: `matched`, `already_matched`, `unknown` or `amount_differs`; nothing is
    confirmed on a mismatch, and importing the same statement again changes nothing.

    Errors: `camt_invalid`, `file_missing`, `invalid_transfer` (400); `token_expired`, `unauthenticated`
    (401); `forbidden` (403); `already_paid`, `conflict`, `invalid_transition` (409); `too_large` (413).

    Args:
        body (KivoucherPaymentsApiImportBankStatementFilesBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ApiError | BankStatementOut
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
