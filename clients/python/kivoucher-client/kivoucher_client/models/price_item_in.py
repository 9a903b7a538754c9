from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="PriceItemIn")


@_attrs_define
class PriceItemIn:
    """
    Attributes:
        price (float | str):
        resource (str):
        unit (str):
        slurm_tres (str | Unset):  Default: ''.
    """

    price: float | str
    resource: str
    unit: str
    slurm_tres: str | Unset = ""

    def to_dict(self) -> dict[str, Any]:
        price: float | str
        price = self.price

        resource = self.resource

        unit = self.unit

        slurm_tres = self.slurm_tres

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "price": price,
                "resource": resource,
                "unit": unit,
            }
        )
        if slurm_tres is not UNSET:
            field_dict["slurm_tres"] = slurm_tres

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_price(data: object) -> float | str:
            return cast(float | str, data)

        price = _parse_price(d.pop("price"))

        resource = d.pop("resource")

        unit = d.pop("unit")

        slurm_tres = d.pop("slurm_tres", UNSET)

        price_item_in = cls(
            price=price,
            resource=resource,
            unit=unit,
            slurm_tres=slurm_tres,
        )

        return price_item_in
