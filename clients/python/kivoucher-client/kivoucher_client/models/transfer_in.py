from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="TransferIn")


@_attrs_define
class TransferIn:
    """
    Attributes:
        price (float | str): The agreed price (EUR), paid between the buyers.
        unit_hours (int):
    """

    price: float | str
    unit_hours: int

    def to_dict(self) -> dict[str, Any]:
        price: float | str
        price = self.price

        unit_hours = self.unit_hours

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "price": price,
                "unit_hours": unit_hours,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_price(data: object) -> float | str:
            return cast(float | str, data)

        price = _parse_price(d.pop("price"))

        unit_hours = d.pop("unit_hours")

        transfer_in = cls(
            price=price,
            unit_hours=unit_hours,
        )

        return transfer_in
