from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="SlotOut")


@_attrs_define
class SlotOut:
    """
    Attributes:
        end (datetime.datetime):
        hours (int):
        id (int):
        offer (str):
        partition (int):
        purchase (str):
        sequence (int | None):
        start (datetime.datetime):
        status (str):
    """

    end: datetime.datetime
    hours: int
    id: int
    offer: str
    partition: int
    purchase: str
    sequence: int | None
    start: datetime.datetime
    status: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        end = self.end.isoformat()

        hours = self.hours

        id = self.id

        offer = self.offer

        partition = self.partition

        purchase = self.purchase

        sequence: int | None
        sequence = self.sequence

        start = self.start.isoformat()

        status = self.status

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "end": end,
                "hours": hours,
                "id": id,
                "offer": offer,
                "partition": partition,
                "purchase": purchase,
                "sequence": sequence,
                "start": start,
                "status": status,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        end = datetime.datetime.fromisoformat(d.pop("end"))

        hours = d.pop("hours")

        id = d.pop("id")

        offer = d.pop("offer")

        partition = d.pop("partition")

        purchase = d.pop("purchase")

        def _parse_sequence(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        sequence = _parse_sequence(d.pop("sequence"))

        start = datetime.datetime.fromisoformat(d.pop("start"))

        status = d.pop("status")

        slot_out = cls(
            end=end,
            hours=hours,
            id=id,
            offer=offer,
            partition=partition,
            purchase=purchase,
            sequence=sequence,
            start=start,
            status=status,
        )

        slot_out.additional_properties = d
        return slot_out

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
