from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="ProgressOut")


@_attrs_define
class ProgressOut:
    """
    Attributes:
        buyers (int):
        days_left (int):
        paid (str):
        percent (int):
        purchases (int):
        target (str):
        unit_hours_sold (int):
    """

    buyers: int
    days_left: int
    paid: str
    percent: int
    purchases: int
    target: str
    unit_hours_sold: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        buyers = self.buyers

        days_left = self.days_left

        paid = self.paid

        percent = self.percent

        purchases = self.purchases

        target = self.target

        unit_hours_sold = self.unit_hours_sold

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "buyers": buyers,
                "days_left": days_left,
                "paid": paid,
                "percent": percent,
                "purchases": purchases,
                "target": target,
                "unit_hours_sold": unit_hours_sold,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        buyers = d.pop("buyers")

        days_left = d.pop("days_left")

        paid = d.pop("paid")

        percent = d.pop("percent")

        purchases = d.pop("purchases")

        target = d.pop("target")

        unit_hours_sold = d.pop("unit_hours_sold")

        progress_out = cls(
            buyers=buyers,
            days_left=days_left,
            paid=paid,
            percent=percent,
            purchases=purchases,
            target=target,
            unit_hours_sold=unit_hours_sold,
        )

        progress_out.additional_properties = d
        return progress_out

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
