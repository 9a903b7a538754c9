from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.application_revision_out_data import ApplicationRevisionOutData


T = TypeVar("T", bound="ApplicationRevisionOut")


@_attrs_define
class ApplicationRevisionOut:
    """
    Attributes:
        created_at (datetime.datetime):
        data (ApplicationRevisionOutData):
        note (str):
        number (int):
    """

    created_at: datetime.datetime
    data: ApplicationRevisionOutData
    note: str
    number: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        created_at = self.created_at.isoformat()

        data = self.data.to_dict()

        note = self.note

        number = self.number

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "created_at": created_at,
                "data": data,
                "note": note,
                "number": number,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.application_revision_out_data import ApplicationRevisionOutData  # noqa: PLC0415

        d = dict(src_dict)
        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        data = ApplicationRevisionOutData.from_dict(d.pop("data"))

        note = d.pop("note")

        number = d.pop("number")

        application_revision_out = cls(
            created_at=created_at,
            data=data,
            note=note,
            number=number,
        )

        application_revision_out.additional_properties = d
        return application_revision_out

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
