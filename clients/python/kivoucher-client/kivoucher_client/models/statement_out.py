from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.settlement_invoice_out import SettlementInvoiceOut


T = TypeVar("T", bound="StatementOut")


@_attrs_define
class StatementOut:
    """
    Attributes:
        data_centre (str):
        id (int):
        period_end (datetime.date):
        period_start (datetime.date):
        records (int):
        reference (str): The buyer reference (BT-10) its invoice must carry
        status (str): draft | approved (awaiting the invoice) | invoiced
        total (str):
        invoice (None | SettlementInvoiceOut | Unset):
        payout (int | None | Unset): The payout prepared from the invoice
    """

    data_centre: str
    id: int
    period_end: datetime.date
    period_start: datetime.date
    records: int
    reference: str
    status: str
    total: str
    invoice: None | SettlementInvoiceOut | Unset = UNSET
    payout: int | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.settlement_invoice_out import SettlementInvoiceOut  # noqa: PLC0415

        data_centre = self.data_centre

        id = self.id

        period_end = self.period_end.isoformat()

        period_start = self.period_start.isoformat()

        records = self.records

        reference = self.reference

        status = self.status

        total = self.total

        invoice: dict[str, Any] | None | Unset
        if isinstance(self.invoice, Unset):
            invoice = UNSET
        elif isinstance(self.invoice, SettlementInvoiceOut):
            invoice = self.invoice.to_dict()
        else:
            invoice = self.invoice

        payout: int | None | Unset
        if isinstance(self.payout, Unset):
            payout = UNSET
        else:
            payout = self.payout

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "data_centre": data_centre,
                "id": id,
                "period_end": period_end,
                "period_start": period_start,
                "records": records,
                "reference": reference,
                "status": status,
                "total": total,
            }
        )
        if invoice is not UNSET:
            field_dict["invoice"] = invoice
        if payout is not UNSET:
            field_dict["payout"] = payout

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.settlement_invoice_out import SettlementInvoiceOut  # noqa: PLC0415

        d = dict(src_dict)
        data_centre = d.pop("data_centre")

        id = d.pop("id")

        period_end = datetime.date.fromisoformat(d.pop("period_end"))

        period_start = datetime.date.fromisoformat(d.pop("period_start"))

        records = d.pop("records")

        reference = d.pop("reference")

        status = d.pop("status")

        total = d.pop("total")

        def _parse_invoice(data: object) -> None | SettlementInvoiceOut | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                invoice_type_0 = SettlementInvoiceOut.from_dict(data)

                return invoice_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | SettlementInvoiceOut | Unset, data)

        invoice = _parse_invoice(d.pop("invoice", UNSET))

        def _parse_payout(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        payout = _parse_payout(d.pop("payout", UNSET))

        statement_out = cls(
            data_centre=data_centre,
            id=id,
            period_end=period_end,
            period_start=period_start,
            records=records,
            reference=reference,
            status=status,
            total=total,
            invoice=invoice,
            payout=payout,
        )

        statement_out.additional_properties = d
        return statement_out

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
