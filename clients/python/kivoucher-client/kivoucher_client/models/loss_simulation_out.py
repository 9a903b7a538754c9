from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.loss_line_out import LossLineOut


T = TypeVar("T", bound="LossSimulationOut")


@_attrs_define
class LossSimulationOut:
    """
    Attributes:
        amount (str):
        capacity (str): Ability to bear loss: 10 % of the net worth.
        lines (list[LossLineOut]):
        net_worth (str):
        within_capacity (bool):
    """

    amount: str
    capacity: str
    lines: list[LossLineOut]
    net_worth: str
    within_capacity: bool
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        amount = self.amount

        capacity = self.capacity

        lines = []
        for lines_item_data in self.lines:
            lines_item = lines_item_data.to_dict()
            lines.append(lines_item)

        net_worth = self.net_worth

        within_capacity = self.within_capacity

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "amount": amount,
                "capacity": capacity,
                "lines": lines,
                "net_worth": net_worth,
                "within_capacity": within_capacity,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.loss_line_out import LossLineOut  # noqa: PLC0415

        d = dict(src_dict)
        amount = d.pop("amount")

        capacity = d.pop("capacity")

        lines = []
        _lines = d.pop("lines")
        for lines_item_data in _lines:
            lines_item = LossLineOut.from_dict(lines_item_data)

            lines.append(lines_item)

        net_worth = d.pop("net_worth")

        within_capacity = d.pop("within_capacity")

        loss_simulation_out = cls(
            amount=amount,
            capacity=capacity,
            lines=lines,
            net_worth=net_worth,
            within_capacity=within_capacity,
        )

        loss_simulation_out.additional_properties = d
        return loss_simulation_out

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
