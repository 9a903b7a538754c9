from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="KycPersonOut")


@_attrs_define
class KycPersonOut:
    """
    Attributes:
        birth_date (datetime.date | None):
        control (str):
        name (str):
        register_reference (str):
        role (str):
        share_percent (None | str):
    """

    birth_date: datetime.date | None
    control: str
    name: str
    register_reference: str
    role: str
    share_percent: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        birth_date: None | str
        if isinstance(self.birth_date, datetime.date):
            birth_date = self.birth_date.isoformat()
        else:
            birth_date = self.birth_date

        control = self.control

        name = self.name

        register_reference = self.register_reference

        role = self.role

        share_percent: None | str
        share_percent = self.share_percent

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "birth_date": birth_date,
                "control": control,
                "name": name,
                "register_reference": register_reference,
                "role": role,
                "share_percent": share_percent,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_birth_date(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                birth_date_type_0 = datetime.date.fromisoformat(data)

                return birth_date_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        birth_date = _parse_birth_date(d.pop("birth_date"))

        control = d.pop("control")

        name = d.pop("name")

        register_reference = d.pop("register_reference")

        role = d.pop("role")

        def _parse_share_percent(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        share_percent = _parse_share_percent(d.pop("share_percent"))

        kyc_person_out = cls(
            birth_date=birth_date,
            control=control,
            name=name,
            register_reference=register_reference,
            role=role,
            share_percent=share_percent,
        )

        kyc_person_out.additional_properties = d
        return kyc_person_out

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
