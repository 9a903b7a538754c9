from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="TierOut")


@_attrs_define
class TierOut:
    """
    Attributes:
        label (str):
        price (str):
        unit_hours (int | None):
    """

    label: str
    price: str
    unit_hours: int | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        label = self.label

        price = self.price

        unit_hours: int | None
        unit_hours = self.unit_hours

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "label": label,
                "price": price,
                "unit_hours": unit_hours,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        label = d.pop("label")

        price = d.pop("price")

        def _parse_unit_hours(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        unit_hours = _parse_unit_hours(d.pop("unit_hours"))

        tier_out = cls(
            label=label,
            price=price,
            unit_hours=unit_hours,
        )

        tier_out.additional_properties = d
        return tier_out

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
