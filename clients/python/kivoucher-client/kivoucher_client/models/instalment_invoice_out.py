from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.instalment_invoice_out_checks_item import InstalmentInvoiceOutChecksItem
    from ..models.proof_einvoice_validation_out import ProofEinvoiceValidationOut


T = TypeVar("T", bound="InstalmentInvoiceOut")


@_attrs_define
class InstalmentInvoiceOut:
    """
    Attributes:
        buyer_name (str):
        buyer_vat_id (str):
        checks (list[InstalmentInvoiceOutChecksItem]):
        einvoice_validation (None | ProofEinvoiceValidationOut): The e-invoice's check against EN 16931 / XRechnung
        gross (str):
        id (int):
        invoice_date (datetime.date | None):
        invoice_format (str):
        invoice_number (str):
        net (str):
        original_name (str):
        seller_name (str):
        seller_vat_id (str):
        vat (str):
    """

    buyer_name: str
    buyer_vat_id: str
    checks: list[InstalmentInvoiceOutChecksItem]
    einvoice_validation: None | ProofEinvoiceValidationOut
    gross: str
    id: int
    invoice_date: datetime.date | None
    invoice_format: str
    invoice_number: str
    net: str
    original_name: str
    seller_name: str
    seller_vat_id: str
    vat: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.proof_einvoice_validation_out import ProofEinvoiceValidationOut  # noqa: PLC0415

        buyer_name = self.buyer_name

        buyer_vat_id = self.buyer_vat_id

        checks = []
        for checks_item_data in self.checks:
            checks_item = checks_item_data.to_dict()
            checks.append(checks_item)

        einvoice_validation: dict[str, Any] | None
        if isinstance(self.einvoice_validation, ProofEinvoiceValidationOut):
            einvoice_validation = self.einvoice_validation.to_dict()
        else:
            einvoice_validation = self.einvoice_validation

        gross = self.gross

        id = self.id

        invoice_date: None | str
        if isinstance(self.invoice_date, datetime.date):
            invoice_date = self.invoice_date.isoformat()
        else:
            invoice_date = self.invoice_date

        invoice_format = self.invoice_format

        invoice_number = self.invoice_number

        net = self.net

        original_name = self.original_name

        seller_name = self.seller_name

        seller_vat_id = self.seller_vat_id

        vat = self.vat

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "buyer_name": buyer_name,
                "buyer_vat_id": buyer_vat_id,
                "checks": checks,
                "einvoice_validation": einvoice_validation,
                "gross": gross,
                "id": id,
                "invoice_date": invoice_date,
                "invoice_format": invoice_format,
                "invoice_number": invoice_number,
                "net": net,
                "original_name": original_name,
                "seller_name": seller_name,
                "seller_vat_id": seller_vat_id,
                "vat": vat,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.instalment_invoice_out_checks_item import InstalmentInvoiceOutChecksItem  # noqa: PLC0415
        from ..models.proof_einvoice_validation_out import ProofEinvoiceValidationOut  # noqa: PLC0415

        d = dict(src_dict)
        buyer_name = d.pop("buyer_name")

        buyer_vat_id = d.pop("buyer_vat_id")

        checks = []
        _checks = d.pop("checks")
        for checks_item_data in _checks:
            checks_item = InstalmentInvoiceOutChecksItem.from_dict(checks_item_data)

            checks.append(checks_item)

        def _parse_einvoice_validation(data: object) -> None | ProofEinvoiceValidationOut:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                einvoice_validation_type_0 = ProofEinvoiceValidationOut.from_dict(data)

                return einvoice_validation_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | ProofEinvoiceValidationOut, data)

        einvoice_validation = _parse_einvoice_validation(d.pop("einvoice_validation"))

        gross = d.pop("gross")

        id = d.pop("id")

        def _parse_invoice_date(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                invoice_date_type_0 = datetime.date.fromisoformat(data)

                return invoice_date_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        invoice_date = _parse_invoice_date(d.pop("invoice_date"))

        invoice_format = d.pop("invoice_format")

        invoice_number = d.pop("invoice_number")

        net = d.pop("net")

        original_name = d.pop("original_name")

        seller_name = d.pop("seller_name")

        seller_vat_id = d.pop("seller_vat_id")

        vat = d.pop("vat")

        instalment_invoice_out = cls(
            buyer_name=buyer_name,
            buyer_vat_id=buyer_vat_id,
            checks=checks,
            einvoice_validation=einvoice_validation,
            gross=gross,
            id=id,
            invoice_date=invoice_date,
            invoice_format=invoice_format,
            invoice_number=invoice_number,
            net=net,
            original_name=original_name,
            seller_name=seller_name,
            seller_vat_id=seller_vat_id,
            vat=vat,
        )

        instalment_invoice_out.additional_properties = d
        return instalment_invoice_out

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
