from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.api_error import ApiError
from ...models.kivoucher_projects_api_submit_proof_multi_part_body_params import (
    KivoucherProjectsApiSubmitProofMultiPartBodyParams,
)
from ...models.proof_out import ProofOut
from ...types import Response


def _get_kwargs(
    code: str,
    *,
    body: KivoucherProjectsApiSubmitProofMultiPartBodyParams,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/projects/vouchers/{code}/proof".format(
            code=quote(str(code), safe=""),
        ),
    }

    _kwargs["files"] = body.to_multipart()

    headers["Content-Type"] = "multipart/form-data; boundary=+++"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> ApiError | ProofOut | None:
    if response.status_code == 201:
        response_201 = ProofOut.from_dict(response.json())

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[ApiError | ProofOut]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    code: str,
    *,
    client: AuthenticatedClient,
    body: KivoucherProjectsApiSubmitProofMultiPartBodyParams,
) -> Response[ApiError | ProofOut]:
    """Submit the invoice (XRechnung/ZUGFeRD or PDF with amounts) and the report

     Errors: `amounts_missing`, `bad_request`, `einvoice_invalid`, `invalid`, `invalid_amount`,
    `invalid_file`, `invoice_mismatch`, `invoice_unreadable`, `report_missing`, `xml_dtd_forbidden`
    (400); `token_expired`, `unauthenticated` (401); `forbidden` (403); `not_found` (404); `conflict`,
    `duplicate`, `invalid_transition`, `voucher_expired` (409); `too_large` (413); `validation_error`
    (422).

    Args:
        code (str):
        body (KivoucherProjectsApiSubmitProofMultiPartBodyParams):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ApiError | ProofOut]
    """

    kwargs = _get_kwargs(
        code=code,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    code: str,
    *,
    client: AuthenticatedClient,
    body: KivoucherProjectsApiSubmitProofMultiPartBodyParams,
) -> ApiError | ProofOut | None:
    """Submit the invoice (XRechnung/ZUGFeRD or PDF with amounts) and the report

     Errors: `amounts_missing`, `bad_request`, `einvoice_invalid`, `invalid`, `invalid_amount`,
    `invalid_file`, `invoice_mismatch`, `invoice_unreadable`, `report_missing`, `xml_dtd_forbidden`
    (400); `token_expired`, `unauthenticated` (401); `forbidden` (403); `not_found` (404); `conflict`,
    `duplicate`, `invalid_transition`, `voucher_expired` (409); `too_large` (413); `validation_error`
    (422).

    Args:
        code (str):
        body (KivoucherProjectsApiSubmitProofMultiPartBodyParams):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ApiError | ProofOut
    """

    return sync_detailed(
        code=code,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    code: str,
    *,
    client: AuthenticatedClient,
    body: KivoucherProjectsApiSubmitProofMultiPartBodyParams,
) -> Response[ApiError | ProofOut]:
    """Submit the invoice (XRechnung/ZUGFeRD or PDF with amounts) and the report

     Errors: `amounts_missing`, `bad_request`, `einvoice_invalid`, `invalid`, `invalid_amount`,
    `invalid_file`, `invoice_mismatch`, `invoice_unreadable`, `report_missing`, `xml_dtd_forbidden`
    (400); `token_expired`, `unauthenticated` (401); `forbidden` (403); `not_found` (404); `conflict`,
    `duplicate`, `invalid_transition`, `voucher_expired` (409); `too_large` (413); `validation_error`
    (422).

    Args:
        code (str):
        body (KivoucherProjectsApiSubmitProofMultiPartBodyParams):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ApiError | ProofOut]
    """

    kwargs = _get_kwargs(
        code=code,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    code: str,
    *,
    client: AuthenticatedClient,
    body: KivoucherProjectsApiSubmitProofMultiPartBodyParams,
) -> ApiError | ProofOut | None:
    """Submit the invoice (XRechnung/ZUGFeRD or PDF with amounts) and the report

     Errors: `amounts_missing`, `bad_request`, `einvoice_invalid`, `invalid`, `invalid_amount`,
    `invalid_file`, `invoice_mismatch`, `invoice_unreadable`, `report_missing`, `xml_dtd_forbidden`
    (400); `token_expired`, `unauthenticated` (401); `forbidden` (403); `not_found` (404); `conflict`,
    `duplicate`, `invalid_transition`, `voucher_expired` (409); `too_large` (413); `validation_error`
    (422).

    Args:
        code (str):
        body (KivoucherProjectsApiSubmitProofMultiPartBodyParams):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ApiError | ProofOut
    """

    return (
        await asyncio_detailed(
            code=code,
            client=client,
            body=body,
        )
    ).parsed
