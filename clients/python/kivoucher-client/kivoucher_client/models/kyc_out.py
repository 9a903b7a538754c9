from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.kyc_person_out import KycPersonOut


T = TypeVar("T", bound="KycOut")


@_attrs_define
class KycOut:
    """
    Attributes:
        check_note (str):
        checked_at (datetime.datetime | None):
        id (int):
        organisation (str):
        organisation_id (int):
        persons (list[KycPersonOut]):
        register_extract (str):
        status (str):
        submitted_at (datetime.datetime | None):
    """

    check_note: str
    checked_at: datetime.datetime | None
    id: int
    organisation: str
    organisation_id: int
    persons: list[KycPersonOut]
    register_extract: str
    status: str
    submitted_at: datetime.datetime | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        check_note = self.check_note

        checked_at: None | str
        if isinstance(self.checked_at, datetime.datetime):
            checked_at = self.checked_at.isoformat()
        else:
            checked_at = self.checked_at

        id = self.id

        organisation = self.organisation

        organisation_id = self.organisation_id

        persons = []
        for persons_item_data in self.persons:
            persons_item = persons_item_data.to_dict()
            persons.append(persons_item)

        register_extract = self.register_extract

        status = self.status

        submitted_at: None | str
        if isinstance(self.submitted_at, datetime.datetime):
            submitted_at = self.submitted_at.isoformat()
        else:
            submitted_at = self.submitted_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "check_note": check_note,
                "checked_at": checked_at,
                "id": id,
                "organisation": organisation,
                "organisation_id": organisation_id,
                "persons": persons,
                "register_extract": register_extract,
                "status": status,
                "submitted_at": submitted_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.kyc_person_out import KycPersonOut  # noqa: PLC0415

        d = dict(src_dict)
        check_note = d.pop("check_note")

        def _parse_checked_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                checked_at_type_0 = datetime.datetime.fromisoformat(data)

                return checked_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        checked_at = _parse_checked_at(d.pop("checked_at"))

        id = d.pop("id")

        organisation = d.pop("organisation")

        organisation_id = d.pop("organisation_id")

        persons = []
        _persons = d.pop("persons")
        for persons_item_data in _persons:
            persons_item = KycPersonOut.from_dict(persons_item_data)

            persons.append(persons_item)

        register_extract = d.pop("register_extract")

        status = d.pop("status")

        def _parse_submitted_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                submitted_at_type_0 = datetime.datetime.fromisoformat(data)

                return submitted_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        submitted_at = _parse_submitted_at(d.pop("submitted_at"))

        kyc_out = cls(
            check_note=check_note,
            checked_at=checked_at,
            id=id,
            organisation=organisation,
            organisation_id=organisation_id,
            persons=persons,
            register_extract=register_extract,
            status=status,
            submitted_at=submitted_at,
        )

        kyc_out.additional_properties = d
        return kyc_out

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
