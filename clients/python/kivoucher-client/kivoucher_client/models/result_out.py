from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="ResultOut")


@_attrs_define
class ResultOut:
    """
    Attributes:
        charged (str):
        id (None | str):
        reason (None | str):
        status (str):
        uncovered (str):
    """

    charged: str
    id: None | str
    reason: None | str
    status: str
    uncovered: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        charged = self.charged

        id: None | str
        id = self.id

        reason: None | str
        reason = self.reason

        status = self.status

        uncovered = self.uncovered

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "charged": charged,
                "id": id,
                "reason": reason,
                "status": status,
                "uncovered": uncovered,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        charged = d.pop("charged")

        def _parse_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        id = _parse_id(d.pop("id"))

        def _parse_reason(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        reason = _parse_reason(d.pop("reason"))

        status = d.pop("status")

        uncovered = d.pop("uncovered")

        result_out = cls(
            charged=charged,
            id=id,
            reason=reason,
            status=status,
            uncovered=uncovered,
        )

        result_out.additional_properties = d
        return result_out

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
