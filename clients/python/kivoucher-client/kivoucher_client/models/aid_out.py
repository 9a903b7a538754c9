from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="AidOut")


@_attrs_define
class AidOut:
    """
    Attributes:
        amount (str):
        granted_on (datetime.date):
        granting_body (str):
        id (int):
    """

    amount: str
    granted_on: datetime.date
    granting_body: str
    id: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        amount = self.amount

        granted_on = self.granted_on.isoformat()

        granting_body = self.granting_body

        id = self.id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "amount": amount,
                "granted_on": granted_on,
                "granting_body": granting_body,
                "id": id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        amount = d.pop("amount")

        granted_on = datetime.date.fromisoformat(d.pop("granted_on"))

        granting_body = d.pop("granting_body")

        id = d.pop("id")

        aid_out = cls(
            amount=amount,
            granted_on=granted_on,
            granting_body=granting_body,
            id=id,
        )

        aid_out.additional_properties = d
        return aid_out

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
