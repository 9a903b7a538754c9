from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="ApplicationEventOut")


@_attrs_define
class ApplicationEventOut:
    """
    Attributes:
        action (str):
        at (datetime.datetime):
        new_state (str):
        old_state (str):
        reason (str):
    """

    action: str
    at: datetime.datetime
    new_state: str
    old_state: str
    reason: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        action = self.action

        at = self.at.isoformat()

        new_state = self.new_state

        old_state = self.old_state

        reason = self.reason

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "action": action,
                "at": at,
                "new_state": new_state,
                "old_state": old_state,
                "reason": reason,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        action = d.pop("action")

        at = datetime.datetime.fromisoformat(d.pop("at"))

        new_state = d.pop("new_state")

        old_state = d.pop("old_state")

        reason = d.pop("reason")

        application_event_out = cls(
            action=action,
            at=at,
            new_state=new_state,
            old_state=old_state,
            reason=reason,
        )

        application_event_out.additional_properties = d
        return application_event_out

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
