from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="TierIn")


@_attrs_define
class TierIn:
    """
    Attributes:
        label (str):
        price (float | str):
        unit_hours (int | None | Unset):
    """

    label: str
    price: float | str
    unit_hours: int | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        label = self.label

        price: float | str
        price = self.price

        unit_hours: int | None | Unset
        if isinstance(self.unit_hours, Unset):
            unit_hours = UNSET
        else:
            unit_hours = self.unit_hours

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "label": label,
                "price": price,
            }
        )
        if unit_hours is not UNSET:
            field_dict["unit_hours"] = unit_hours

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        label = d.pop("label")

        def _parse_price(data: object) -> float | str:
            return cast(float | str, data)

        price = _parse_price(d.pop("price"))

        def _parse_unit_hours(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        unit_hours = _parse_unit_hours(d.pop("unit_hours", UNSET))

        tier_in = cls(
            label=label,
            price=price,
            unit_hours=unit_hours,
        )

        return tier_in
