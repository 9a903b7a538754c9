from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.price_part_out import PricePartOut


T = TypeVar("T", bound="PriceQuoteOut")


@_attrs_define
class PriceQuoteOut:
    """
    Attributes:
        amount (str):
        prices (list[PricePartOut]):
        unit_hours (int):
    """

    amount: str
    prices: list[PricePartOut]
    unit_hours: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        amount = self.amount

        prices = []
        for prices_item_data in self.prices:
            prices_item = prices_item_data.to_dict()
            prices.append(prices_item)

        unit_hours = self.unit_hours

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "amount": amount,
                "prices": prices,
                "unit_hours": unit_hours,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.price_part_out import PricePartOut  # noqa: PLC0415

        d = dict(src_dict)
        amount = d.pop("amount")

        prices = []
        _prices = d.pop("prices")
        for prices_item_data in _prices:
            prices_item = PricePartOut.from_dict(prices_item_data)

            prices.append(prices_item)

        unit_hours = d.pop("unit_hours")

        price_quote_out = cls(
            amount=amount,
            prices=prices,
            unit_hours=unit_hours,
        )

        price_quote_out.additional_properties = d
        return price_quote_out

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
