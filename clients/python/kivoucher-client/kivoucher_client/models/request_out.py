from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.slot_out import SlotOut


T = TypeVar("T", bound="RequestOut")


@_attrs_define
class RequestOut:
    """
    Attributes:
        block_hours (int):
        earliest_start (datetime.datetime):
        explanation (str):
        id (int):
        latest_end (datetime.datetime):
        may_split (bool):
        purchase (str):
        sequence (int | None):
        slots (list[SlotOut]):
        status (str):
        width (int):
    """

    block_hours: int
    earliest_start: datetime.datetime
    explanation: str
    id: int
    latest_end: datetime.datetime
    may_split: bool
    purchase: str
    sequence: int | None
    slots: list[SlotOut]
    status: str
    width: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        block_hours = self.block_hours

        earliest_start = self.earliest_start.isoformat()

        explanation = self.explanation

        id = self.id

        latest_end = self.latest_end.isoformat()

        may_split = self.may_split

        purchase = self.purchase

        sequence: int | None
        sequence = self.sequence

        slots = []
        for slots_item_data in self.slots:
            slots_item = slots_item_data.to_dict()
            slots.append(slots_item)

        status = self.status

        width = self.width

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "block_hours": block_hours,
                "earliest_start": earliest_start,
                "explanation": explanation,
                "id": id,
                "latest_end": latest_end,
                "may_split": may_split,
                "purchase": purchase,
                "sequence": sequence,
                "slots": slots,
                "status": status,
                "width": width,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.slot_out import SlotOut  # noqa: PLC0415

        d = dict(src_dict)
        block_hours = d.pop("block_hours")

        earliest_start = datetime.datetime.fromisoformat(d.pop("earliest_start"))

        explanation = d.pop("explanation")

        id = d.pop("id")

        latest_end = datetime.datetime.fromisoformat(d.pop("latest_end"))

        may_split = d.pop("may_split")

        purchase = d.pop("purchase")

        def _parse_sequence(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        sequence = _parse_sequence(d.pop("sequence"))

        slots = []
        _slots = d.pop("slots")
        for slots_item_data in _slots:
            slots_item = SlotOut.from_dict(slots_item_data)

            slots.append(slots_item)

        status = d.pop("status")

        width = d.pop("width")

        request_out = cls(
            block_hours=block_hours,
            earliest_start=earliest_start,
            explanation=explanation,
            id=id,
            latest_end=latest_end,
            may_split=may_split,
            purchase=purchase,
            sequence=sequence,
            slots=slots,
            status=status,
            width=width,
        )

        request_out.additional_properties = d
        return request_out

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
