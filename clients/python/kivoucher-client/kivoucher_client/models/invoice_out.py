from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="InvoiceOut")


@_attrs_define
class InvoiceOut:
    """
    Attributes:
        currency (str):
        gross (str):
        id (int):
        issued (datetime.date):
        kind (str):
        net (str):
        number (str):
        paid_on (datetime.date | None):
        payable (str):
        pdf_url (str):
        period_end (datetime.date | None):
        period_start (datetime.date | None):
        preceding (None | str):
        prepaid (str):
        purchase (int | None):
        statement (int | None):
        type_code (str):
        vat (str):
        vat_rate (str):
        xml_url (str):
    """

    currency: str
    gross: str
    id: int
    issued: datetime.date
    kind: str
    net: str
    number: str
    paid_on: datetime.date | None
    payable: str
    pdf_url: str
    period_end: datetime.date | None
    period_start: datetime.date | None
    preceding: None | str
    prepaid: str
    purchase: int | None
    statement: int | None
    type_code: str
    vat: str
    vat_rate: str
    xml_url: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        currency = self.currency

        gross = self.gross

        id = self.id

        issued = self.issued.isoformat()

        kind = self.kind

        net = self.net

        number = self.number

        paid_on: None | str
        if isinstance(self.paid_on, datetime.date):
            paid_on = self.paid_on.isoformat()
        else:
            paid_on = self.paid_on

        payable = self.payable

        pdf_url = self.pdf_url

        period_end: None | str
        if isinstance(self.period_end, datetime.date):
            period_end = self.period_end.isoformat()
        else:
            period_end = self.period_end

        period_start: None | str
        if isinstance(self.period_start, datetime.date):
            period_start = self.period_start.isoformat()
        else:
            period_start = self.period_start

        preceding: None | str
        preceding = self.preceding

        prepaid = self.prepaid

        purchase: int | None
        purchase = self.purchase

        statement: int | None
        statement = self.statement

        type_code = self.type_code

        vat = self.vat

        vat_rate = self.vat_rate

        xml_url = self.xml_url

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "currency": currency,
                "gross": gross,
                "id": id,
                "issued": issued,
                "kind": kind,
                "net": net,
                "number": number,
                "paid_on": paid_on,
                "payable": payable,
                "pdf_url": pdf_url,
                "period_end": period_end,
                "period_start": period_start,
                "preceding": preceding,
                "prepaid": prepaid,
                "purchase": purchase,
                "statement": statement,
                "type_code": type_code,
                "vat": vat,
                "vat_rate": vat_rate,
                "xml_url": xml_url,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        currency = d.pop("currency")

        gross = d.pop("gross")

        id = d.pop("id")

        issued = datetime.date.fromisoformat(d.pop("issued"))

        kind = d.pop("kind")

        net = d.pop("net")

        number = d.pop("number")

        def _parse_paid_on(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                paid_on_type_0 = datetime.date.fromisoformat(data)

                return paid_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        paid_on = _parse_paid_on(d.pop("paid_on"))

        payable = d.pop("payable")

        pdf_url = d.pop("pdf_url")

        def _parse_period_end(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                period_end_type_0 = datetime.date.fromisoformat(data)

                return period_end_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        period_end = _parse_period_end(d.pop("period_end"))

        def _parse_period_start(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                period_start_type_0 = datetime.date.fromisoformat(data)

                return period_start_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        period_start = _parse_period_start(d.pop("period_start"))

        def _parse_preceding(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        preceding = _parse_preceding(d.pop("preceding"))

        prepaid = d.pop("prepaid")

        def _parse_purchase(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        purchase = _parse_purchase(d.pop("purchase"))

        def _parse_statement(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        statement = _parse_statement(d.pop("statement"))

        type_code = d.pop("type_code")

        vat = d.pop("vat")

        vat_rate = d.pop("vat_rate")

        xml_url = d.pop("xml_url")

        invoice_out = cls(
            currency=currency,
            gross=gross,
            id=id,
            issued=issued,
            kind=kind,
            net=net,
            number=number,
            paid_on=paid_on,
            payable=payable,
            pdf_url=pdf_url,
            period_end=period_end,
            period_start=period_start,
            preceding=preceding,
            prepaid=prepaid,
            purchase=purchase,
            statement=statement,
            type_code=type_code,
            vat=vat,
            vat_rate=vat_rate,
            xml_url=xml_url,
        )

        invoice_out.additional_properties = d
        return invoice_out

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
