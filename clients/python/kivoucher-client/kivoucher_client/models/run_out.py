from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="RunOut")


@_attrs_define
class RunOut:
    """
    Attributes:
        id (int):
        partial (int):
        requests (int):
        seconds (str):
        served (int):
        status (str):
        unit_hours (int):
        unserved (int):
    """

    id: int
    partial: int
    requests: int
    seconds: str
    served: int
    status: str
    unit_hours: int
    unserved: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        partial = self.partial

        requests = self.requests

        seconds = self.seconds

        served = self.served

        status = self.status

        unit_hours = self.unit_hours

        unserved = self.unserved

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "partial": partial,
                "requests": requests,
                "seconds": seconds,
                "served": served,
                "status": status,
                "unit_hours": unit_hours,
                "unserved": unserved,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        partial = d.pop("partial")

        requests = d.pop("requests")

        seconds = d.pop("seconds")

        served = d.pop("served")

        status = d.pop("status")

        unit_hours = d.pop("unit_hours")

        unserved = d.pop("unserved")

        run_out = cls(
            id=id,
            partial=partial,
            requests=requests,
            seconds=seconds,
            served=served,
            status=status,
            unit_hours=unit_hours,
            unserved=unserved,
        )

        run_out.additional_properties = d
        return run_out

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
