from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.api_error import ApiError
from ...models.kivoucher_compute_api_statement_invoice_file_params import KivoucherComputeApiStatementInvoiceFileParams
from ...models.statement_out import StatementOut
from ...types import Response


def _get_kwargs(
    pk: int,
    *,
    body: KivoucherComputeApiStatementInvoiceFileParams,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/compute/statements/{pk}/invoice".format(
            pk=quote(str(pk), safe=""),
        ),
    }

    _kwargs["files"] = body.to_multipart()

    headers["Content-Type"] = "multipart/form-data; boundary=+++"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ApiError | StatementOut | None:
    if response.status_code == 201:
        response_201 = StatementOut.from_dict(response.json())

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
) -> Response[ApiError | StatementOut]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    pk: int,
    *,
    client: AuthenticatedClient,
    body: KivoucherComputeApiStatementInvoiceFileParams,
) -> Response[ApiError | StatementOut]:
    """Data centre: invoice an approved statement (XRechnung, UBL or CII, as `invoice`)

     The invoice is checked against EN 16931 and the XRechnung rules (400 `einvoice_invalid` naming each
    broken rule) and matched to the statement line by line (400 `invoice_mismatch` listing every
    difference): buyer reference (BT-10) = the statement's `reference`; one line per voucher and
    resource with the voucher code as buyer accounting reference (BT-133), the resource as the item's
    seller identifier (BT-155), the summed quantity, and net plus VAT = the summed charged amount;
    amount due (BT-115) = the statement's total. The payout is prepared from it.

    Errors: `bad_request`, `einvoice_invalid`, `invalid`, `invalid_amount`, `invalid_file`,
    `invalid_iban`, `invalid_transfer`, `invoice_mismatch`, `too_long`, `xml_dtd_forbidden` (400);
    `token_expired`, `unauthenticated` (401); `forbidden` (403); `not_found` (404); `conflict`,
    `duplicate`, `idempotency_conflict`, `invalid_transition`, `no_self_billing_consent`,
    `nothing_to_invoice` (409); `too_large` (413); `validation_error` (422).

    Args:
        pk (int):
        body (KivoucherComputeApiStatementInvoiceFileParams):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ApiError | StatementOut]
    """

    kwargs = _get_kwargs(
        pk=pk,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    pk: int,
    *,
    client: AuthenticatedClient,
    body: KivoucherComputeApiStatementInvoiceFileParams,
) -> ApiError | StatementOut | None:
    """Data centre: invoice an approved statement (XRechnung, UBL or CII, as `invoice`)

     The invoice is checked against EN 16931 and the XRechnung rules (400 `einvoice_invalid` naming each
    broken rule) and matched to the statement line by line (400 `invoice_mismatch` listing every
    difference): buyer reference (BT-10) = the statement's `reference`; one line per voucher and
    resource with the voucher code as buyer accounting reference (BT-133), the resource as the item's
    seller identifier (BT-155), the summed quantity, and net plus VAT = the summed charged amount;
    amount due (BT-115) = the statement's total. The payout is prepared from it.

    Errors: `bad_request`, `einvoice_invalid`, `invalid`, `invalid_amount`, `invalid_file`,
    `invalid_iban`, `invalid_transfer`, `invoice_mismatch`, `too_long`, `xml_dtd_forbidden` (400);
    `token_expired`, `unauthenticated` (401); `forbidden` (403); `not_found` (404); `conflict`,
    `duplicate`, `idempotency_conflict`, `invalid_transition`, `no_self_billing_consent`,
    `nothing_to_invoice` (409); `too_large` (413); `validation_error` (422).

    Args:
        pk (int):
        body (KivoucherComputeApiStatementInvoiceFileParams):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ApiError | StatementOut
    """

    return sync_detailed(
        pk=pk,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    pk: int,
    *,
    client: AuthenticatedClient,
    body: KivoucherComputeApiStatementInvoiceFileParams,
) -> Response[ApiError | StatementOut]:
    """Data centre: invoice an approved statement (XRechnung, UBL or CII, as `invoice`)

     The invoice is checked against EN 16931 and the XRechnung rules (400 `einvoice_invalid` naming each
    broken rule) and matched to the statement line by line (400 `invoice_mismatch` listing every
    difference): buyer reference (BT-10) = the statement's `reference`; one line per voucher and
    resource with the voucher code as buyer accounting reference (BT-133), the resource as the item's
    seller identifier (BT-155), the summed quantity, and net plus VAT = the summed charged amount;
    amount due (BT-115) = the statement's total. The payout is prepared from it.

    Errors: `bad_request`, `einvoice_invalid`, `invalid`, `invalid_amount`, `invalid_file`,
    `invalid_iban`, `invalid_transfer`, `invoice_mismatch`, `too_long`, `xml_dtd_forbidden` (400);
    `token_expired`, `unauthenticated` (401); `forbidden` (403); `not_found` (404); `conflict`,
    `duplicate`, `idempotency_conflict`, `invalid_transition`, `no_self_billing_consent`,
    `nothing_to_invoice` (409); `too_large` (413); `validation_error` (422).

    Args:
        pk (int):
        body (KivoucherComputeApiStatementInvoiceFileParams):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ApiError | StatementOut]
    """

    kwargs = _get_kwargs(
        pk=pk,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    pk: int,
    *,
    client: AuthenticatedClient,
    body: KivoucherComputeApiStatementInvoiceFileParams,
) -> ApiError | StatementOut | None:
    """Data centre: invoice an approved statement (XRechnung, UBL or CII, as `invoice`)

     The invoice is checked against EN 16931 and the XRechnung rules (400 `einvoice_invalid` naming each
    broken rule) and matched to the statement line by line (400 `invoice_mismatch` listing every
    difference): buyer reference (BT-10) = the statement's `reference`; one line per voucher and
    resource with the voucher code as buyer accounting reference (BT-133), the resource as the item's
    seller identifier (BT-155), the summed quantity, and net plus VAT = the summed charged amount;
    amount due (BT-115) = the statement's total. The payout is prepared from it.

    Errors: `bad_request`, `einvoice_invalid`, `invalid`, `invalid_amount`, `invalid_file`,
    `invalid_iban`, `invalid_transfer`, `invoice_mismatch`, `too_long`, `xml_dtd_forbidden` (400);
    `token_expired`, `unauthenticated` (401); `forbidden` (403); `not_found` (404); `conflict`,
    `duplicate`, `idempotency_conflict`, `invalid_transition`, `no_self_billing_consent`,
    `nothing_to_invoice` (409); `too_large` (413); `validation_error` (422).

    Args:
        pk (int):
        body (KivoucherComputeApiStatementInvoiceFileParams):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ApiError | StatementOut
    """

    return (
        await asyncio_detailed(
            pk=pk,
            client=client,
            body=body,
        )
    ).parsed
