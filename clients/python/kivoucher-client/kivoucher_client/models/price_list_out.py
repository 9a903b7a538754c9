from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.price_out import PriceOut


T = TypeVar("T", bound="PriceListOut")


@_attrs_define
class PriceListOut:
    """
    Attributes:
        items (list[PriceOut]):
        valid_from (datetime.datetime):
        version (int):
    """

    items: list[PriceOut]
    valid_from: datetime.datetime
    version: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        items = []
        for items_item_data in self.items:
            items_item = items_item_data.to_dict()
            items.append(items_item)

        valid_from = self.valid_from.isoformat()

        version = self.version

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "items": items,
                "valid_from": valid_from,
                "version": version,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.price_out import PriceOut  # noqa: PLC0415

        d = dict(src_dict)
        items = []
        _items = d.pop("items")
        for items_item_data in _items:
            items_item = PriceOut.from_dict(items_item_data)

            items.append(items_item)

        valid_from = datetime.datetime.fromisoformat(d.pop("valid_from"))

        version = d.pop("version")

        price_list_out = cls(
            items=items,
            valid_from=valid_from,
            version=version,
        )

        price_list_out.additional_properties = d
        return price_list_out

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
