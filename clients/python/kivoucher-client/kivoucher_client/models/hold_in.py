from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="HoldIn")


@_attrs_define
class HoldIn:
    """
    Attributes:
        amount (float | str):
        id (str):
        voucher (str):
    """

    amount: float | str
    id: str
    voucher: str

    def to_dict(self) -> dict[str, Any]:
        amount: float | str
        amount = self.amount

        id = self.id

        voucher = self.voucher

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "amount": amount,
                "id": id,
                "voucher": voucher,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_amount(data: object) -> float | str:
            return cast(float | str, data)

        amount = _parse_amount(d.pop("amount"))

        id = d.pop("id")

        voucher = d.pop("voucher")

        hold_in = cls(
            amount=amount,
            id=id,
            voucher=voucher,
        )

        return hold_in
