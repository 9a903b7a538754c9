from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.application_event_out import ApplicationEventOut
    from ..models.application_revision_out import ApplicationRevisionOut


T = TypeVar("T", bound="ApplicationHistoryOut")


@_attrs_define
class ApplicationHistoryOut:
    """
    Attributes:
        events (list[ApplicationEventOut]):
        revisions (list[ApplicationRevisionOut]):
    """

    events: list[ApplicationEventOut]
    revisions: list[ApplicationRevisionOut]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        events = []
        for events_item_data in self.events:
            events_item = events_item_data.to_dict()
            events.append(events_item)

        revisions = []
        for revisions_item_data in self.revisions:
            revisions_item = revisions_item_data.to_dict()
            revisions.append(revisions_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "events": events,
                "revisions": revisions,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.application_event_out import ApplicationEventOut  # noqa: PLC0415
        from ..models.application_revision_out import ApplicationRevisionOut  # noqa: PLC0415

        d = dict(src_dict)
        events = []
        _events = d.pop("events")
        for events_item_data in _events:
            events_item = ApplicationEventOut.from_dict(events_item_data)

            events.append(events_item)

        revisions = []
        _revisions = d.pop("revisions")
        for revisions_item_data in _revisions:
            revisions_item = ApplicationRevisionOut.from_dict(revisions_item_data)

            revisions.append(revisions_item)

        application_history_out = cls(
            events=events,
            revisions=revisions,
        )

        application_history_out.additional_properties = d
        return application_history_out

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
