from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="CallOut")


@_attrs_define
class CallOut:
    """
    Attributes:
        available (str): Not yet committed to anybody.
        budget (str): The call's planned budget.
        closes_at (datetime.datetime):
        committed (str): Promised (approved vouchers, compute vouchers, usage owed to data centres, payouts queued or in
            a SEPA batch) and not yet paid out by the bank.
        id (int):
        name (str):
        opens_at (datetime.datetime):
        paid (str): Paid out: payouts the bank has executed.
        programme (str):
        selection (str):
        total (str): The call's funding in the ledger (available + committed + paid).
    """

    available: str
    budget: str
    closes_at: datetime.datetime
    committed: str
    id: int
    name: str
    opens_at: datetime.datetime
    paid: str
    programme: str
    selection: str
    total: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        available = self.available

        budget = self.budget

        closes_at = self.closes_at.isoformat()

        committed = self.committed

        id = self.id

        name = self.name

        opens_at = self.opens_at.isoformat()

        paid = self.paid

        programme = self.programme

        selection = self.selection

        total = self.total

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "available": available,
                "budget": budget,
                "closes_at": closes_at,
                "committed": committed,
                "id": id,
                "name": name,
                "opens_at": opens_at,
                "paid": paid,
                "programme": programme,
                "selection": selection,
                "total": total,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        available = d.pop("available")

        budget = d.pop("budget")

        closes_at = datetime.datetime.fromisoformat(d.pop("closes_at"))

        committed = d.pop("committed")

        id = d.pop("id")

        name = d.pop("name")

        opens_at = datetime.datetime.fromisoformat(d.pop("opens_at"))

        paid = d.pop("paid")

        programme = d.pop("programme")

        selection = d.pop("selection")

        total = d.pop("total")

        call_out = cls(
            available=available,
            budget=budget,
            closes_at=closes_at,
            committed=committed,
            id=id,
            name=name,
            opens_at=opens_at,
            paid=paid,
            programme=programme,
            selection=selection,
            total=total,
        )

        call_out.additional_properties = d
        return call_out

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
