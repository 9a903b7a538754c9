from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.settlement_einvoice_validation_out import SettlementEinvoiceValidationOut


T = TypeVar("T", bound="SettlementInvoiceOut")


@_attrs_define
class SettlementInvoiceOut:
    """
    Attributes:
        date (datetime.date | None):
        einvoice_validation (None | SettlementEinvoiceValidationOut):
        id (int):
        net (str):
        number (str):
        payable (str): Amount due (BT-115) = the statement's total = the payout
        self_billed (bool): The programme's self-billing invoice (Gutschrift)
        submitted_at (datetime.datetime):
        syntax (str):
        type_code (str):
        vat (str):
    """

    date: datetime.date | None
    einvoice_validation: None | SettlementEinvoiceValidationOut
    id: int
    net: str
    number: str
    payable: str
    self_billed: bool
    submitted_at: datetime.datetime
    syntax: str
    type_code: str
    vat: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.settlement_einvoice_validation_out import SettlementEinvoiceValidationOut  # noqa: PLC0415

        date: None | str
        if isinstance(self.date, datetime.date):
            date = self.date.isoformat()
        else:
            date = self.date

        einvoice_validation: dict[str, Any] | None
        if isinstance(self.einvoice_validation, SettlementEinvoiceValidationOut):
            einvoice_validation = self.einvoice_validation.to_dict()
        else:
            einvoice_validation = self.einvoice_validation

        id = self.id

        net = self.net

        number = self.number

        payable = self.payable

        self_billed = self.self_billed

        submitted_at = self.submitted_at.isoformat()

        syntax = self.syntax

        type_code = self.type_code

        vat = self.vat

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "date": date,
                "einvoice_validation": einvoice_validation,
                "id": id,
                "net": net,
                "number": number,
                "payable": payable,
                "self_billed": self_billed,
                "submitted_at": submitted_at,
                "syntax": syntax,
                "type_code": type_code,
                "vat": vat,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.settlement_einvoice_validation_out import SettlementEinvoiceValidationOut  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_date(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                date_type_0 = datetime.date.fromisoformat(data)

                return date_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        date = _parse_date(d.pop("date"))

        def _parse_einvoice_validation(data: object) -> None | SettlementEinvoiceValidationOut:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                einvoice_validation_type_0 = SettlementEinvoiceValidationOut.from_dict(data)

                return einvoice_validation_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | SettlementEinvoiceValidationOut, data)

        einvoice_validation = _parse_einvoice_validation(d.pop("einvoice_validation"))

        id = d.pop("id")

        net = d.pop("net")

        number = d.pop("number")

        payable = d.pop("payable")

        self_billed = d.pop("self_billed")

        submitted_at = datetime.datetime.fromisoformat(d.pop("submitted_at"))

        syntax = d.pop("syntax")

        type_code = d.pop("type_code")

        vat = d.pop("vat")

        settlement_invoice_out = cls(
            date=date,
            einvoice_validation=einvoice_validation,
            id=id,
            net=net,
            number=number,
            payable=payable,
            self_billed=self_billed,
            submitted_at=submitted_at,
            syntax=syntax,
            type_code=type_code,
            vat=vat,
        )

        settlement_invoice_out.additional_properties = d
        return settlement_invoice_out

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
