from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.instalment_invoice_out import InstalmentInvoiceOut


T = TypeVar("T", bound="InstalmentOut")


@_attrs_define
class InstalmentOut:
    """
    Attributes:
        amount (None | str):
        check_note (str):
        checked_at (datetime.datetime | None):
        claimed_costs (str):
        decided_at (datetime.datetime | None):
        decision_note (str):
        eligible_costs (None | str):
        id (int):
        invoices (list[InstalmentInvoiceOut]):
        number (int):
        requested_at (datetime.datetime):
        status (str):
        voucher (str):
    """

    amount: None | str
    check_note: str
    checked_at: datetime.datetime | None
    claimed_costs: str
    decided_at: datetime.datetime | None
    decision_note: str
    eligible_costs: None | str
    id: int
    invoices: list[InstalmentInvoiceOut]
    number: int
    requested_at: datetime.datetime
    status: str
    voucher: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        amount: None | str
        amount = self.amount

        check_note = self.check_note

        checked_at: None | str
        if isinstance(self.checked_at, datetime.datetime):
            checked_at = self.checked_at.isoformat()
        else:
            checked_at = self.checked_at

        claimed_costs = self.claimed_costs

        decided_at: None | str
        if isinstance(self.decided_at, datetime.datetime):
            decided_at = self.decided_at.isoformat()
        else:
            decided_at = self.decided_at

        decision_note = self.decision_note

        eligible_costs: None | str
        eligible_costs = self.eligible_costs

        id = self.id

        invoices = []
        for invoices_item_data in self.invoices:
            invoices_item = invoices_item_data.to_dict()
            invoices.append(invoices_item)

        number = self.number

        requested_at = self.requested_at.isoformat()

        status = self.status

        voucher = self.voucher

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "amount": amount,
                "check_note": check_note,
                "checked_at": checked_at,
                "claimed_costs": claimed_costs,
                "decided_at": decided_at,
                "decision_note": decision_note,
                "eligible_costs": eligible_costs,
                "id": id,
                "invoices": invoices,
                "number": number,
                "requested_at": requested_at,
                "status": status,
                "voucher": voucher,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.instalment_invoice_out import InstalmentInvoiceOut  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_amount(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        amount = _parse_amount(d.pop("amount"))

        check_note = d.pop("check_note")

        def _parse_checked_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                checked_at_type_0 = datetime.datetime.fromisoformat(data)

                return checked_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        checked_at = _parse_checked_at(d.pop("checked_at"))

        claimed_costs = d.pop("claimed_costs")

        def _parse_decided_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                decided_at_type_0 = datetime.datetime.fromisoformat(data)

                return decided_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        decided_at = _parse_decided_at(d.pop("decided_at"))

        decision_note = d.pop("decision_note")

        def _parse_eligible_costs(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        eligible_costs = _parse_eligible_costs(d.pop("eligible_costs"))

        id = d.pop("id")

        invoices = []
        _invoices = d.pop("invoices")
        for invoices_item_data in _invoices:
            invoices_item = InstalmentInvoiceOut.from_dict(invoices_item_data)

            invoices.append(invoices_item)

        number = d.pop("number")

        requested_at = datetime.datetime.fromisoformat(d.pop("requested_at"))

        status = d.pop("status")

        voucher = d.pop("voucher")

        instalment_out = cls(
            amount=amount,
            check_note=check_note,
            checked_at=checked_at,
            claimed_costs=claimed_costs,
            decided_at=decided_at,
            decision_note=decision_note,
            eligible_costs=eligible_costs,
            id=id,
            invoices=invoices,
            number=number,
            requested_at=requested_at,
            status=status,
            voucher=voucher,
        )

        instalment_out.additional_properties = d
        return instalment_out

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
