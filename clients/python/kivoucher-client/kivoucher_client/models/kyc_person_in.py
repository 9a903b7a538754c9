from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.kyc_person_in_role import KycPersonInRole
from ..types import UNSET, Unset

T = TypeVar("T", bound="KycPersonIn")


@_attrs_define
class KycPersonIn:
    """
    Attributes:
        name (str):
        role (KycPersonInRole):
        birth_date (datetime.date | None | Unset):
        control (str | Unset):  Default: ''.
        register_reference (str | Unset):  Default: ''.
        share_percent (float | None | str | Unset):
    """

    name: str
    role: KycPersonInRole
    birth_date: datetime.date | None | Unset = UNSET
    control: str | Unset = ""
    register_reference: str | Unset = ""
    share_percent: float | None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        role = self.role.value

        birth_date: None | str | Unset
        if isinstance(self.birth_date, Unset):
            birth_date = UNSET
        elif isinstance(self.birth_date, datetime.date):
            birth_date = self.birth_date.isoformat()
        else:
            birth_date = self.birth_date

        control = self.control

        register_reference = self.register_reference

        share_percent: float | None | str | Unset
        if isinstance(self.share_percent, Unset):
            share_percent = UNSET
        else:
            share_percent = self.share_percent

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "name": name,
                "role": role,
            }
        )
        if birth_date is not UNSET:
            field_dict["birth_date"] = birth_date
        if control is not UNSET:
            field_dict["control"] = control
        if register_reference is not UNSET:
            field_dict["register_reference"] = register_reference
        if share_percent is not UNSET:
            field_dict["share_percent"] = share_percent

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name")

        role = KycPersonInRole(d.pop("role"))

        def _parse_birth_date(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                birth_date_type_0 = datetime.date.fromisoformat(data)

                return birth_date_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        birth_date = _parse_birth_date(d.pop("birth_date", UNSET))

        control = d.pop("control", UNSET)

        register_reference = d.pop("register_reference", UNSET)

        def _parse_share_percent(data: object) -> float | None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | str | Unset, data)

        share_percent = _parse_share_percent(d.pop("share_percent", UNSET))

        kyc_person_in = cls(
            name=name,
            role=role,
            birth_date=birth_date,
            control=control,
            register_reference=register_reference,
            share_percent=share_percent,
        )

        return kyc_person_in
