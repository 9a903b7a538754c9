from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="ChecklistAnswerOut")


@_attrs_define
class ChecklistAnswerOut:
    """
    Attributes:
        code (str):
        label (str):
        satisfied (bool | None):
    """

    code: str
    label: str
    satisfied: bool | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        code = self.code

        label = self.label

        satisfied: bool | None
        satisfied = self.satisfied

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "code": code,
                "label": label,
                "satisfied": satisfied,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        code = d.pop("code")

        label = d.pop("label")

        def _parse_satisfied(data: object) -> bool | None:
            if data is None:
                return data
            return cast(bool | None, data)

        satisfied = _parse_satisfied(d.pop("satisfied"))

        checklist_answer_out = cls(
            code=code,
            label=label,
            satisfied=satisfied,
        )

        checklist_answer_out.additional_properties = d
        return checklist_answer_out

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
