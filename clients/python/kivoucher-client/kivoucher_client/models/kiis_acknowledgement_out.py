from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="KiisAcknowledgementOut")


@_attrs_define
class KiisAcknowledgementOut:
    """
    Attributes:
        acknowledged_at (datetime.datetime):
        share_class (str):
        version (int):
    """

    acknowledged_at: datetime.datetime
    share_class: str
    version: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        acknowledged_at = self.acknowledged_at.isoformat()

        share_class = self.share_class

        version = self.version

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "acknowledged_at": acknowledged_at,
                "share_class": share_class,
                "version": version,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        acknowledged_at = datetime.datetime.fromisoformat(d.pop("acknowledged_at"))

        share_class = d.pop("share_class")

        version = d.pop("version")

        kiis_acknowledgement_out = cls(
            acknowledged_at=acknowledged_at,
            share_class=share_class,
            version=version,
        )

        kiis_acknowledgement_out.additional_properties = d
        return kiis_acknowledgement_out

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
