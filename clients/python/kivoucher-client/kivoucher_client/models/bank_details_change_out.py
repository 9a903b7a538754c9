from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="BankDetailsChangeOut")


@_attrs_define
class BankDetailsChangeOut:
    """
    Attributes:
        decided_at (datetime.datetime | None):
        decided_by (int | None):
        id (int):
        new_account_holder (str):
        new_bic (str):
        new_iban (str):
        note (str):
        old_account_holder (str):
        old_bic (str):
        old_iban (str):
        organisation (int):
        requested_at (datetime.datetime):
        requested_by (int | None):
        status (str):
    """

    decided_at: datetime.datetime | None
    decided_by: int | None
    id: int
    new_account_holder: str
    new_bic: str
    new_iban: str
    note: str
    old_account_holder: str
    old_bic: str
    old_iban: str
    organisation: int
    requested_at: datetime.datetime
    requested_by: int | None
    status: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        decided_at: None | str
        if isinstance(self.decided_at, datetime.datetime):
            decided_at = self.decided_at.isoformat()
        else:
            decided_at = self.decided_at

        decided_by: int | None
        decided_by = self.decided_by

        id = self.id

        new_account_holder = self.new_account_holder

        new_bic = self.new_bic

        new_iban = self.new_iban

        note = self.note

        old_account_holder = self.old_account_holder

        old_bic = self.old_bic

        old_iban = self.old_iban

        organisation = self.organisation

        requested_at = self.requested_at.isoformat()

        requested_by: int | None
        requested_by = self.requested_by

        status = self.status

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "decided_at": decided_at,
                "decided_by": decided_by,
                "id": id,
                "new_account_holder": new_account_holder,
                "new_bic": new_bic,
                "new_iban": new_iban,
                "note": note,
                "old_account_holder": old_account_holder,
                "old_bic": old_bic,
                "old_iban": old_iban,
                "organisation": organisation,
                "requested_at": requested_at,
                "requested_by": requested_by,
                "status": status,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_decided_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                decided_at_type_0 = datetime.datetime.fromisoformat(data)

                return decided_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        decided_at = _parse_decided_at(d.pop("decided_at"))

        def _parse_decided_by(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        decided_by = _parse_decided_by(d.pop("decided_by"))

        id = d.pop("id")

        new_account_holder = d.pop("new_account_holder")

        new_bic = d.pop("new_bic")

        new_iban = d.pop("new_iban")

        note = d.pop("note")

        old_account_holder = d.pop("old_account_holder")

        old_bic = d.pop("old_bic")

        old_iban = d.pop("old_iban")

        organisation = d.pop("organisation")

        requested_at = datetime.datetime.fromisoformat(d.pop("requested_at"))

        def _parse_requested_by(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        requested_by = _parse_requested_by(d.pop("requested_by"))

        status = d.pop("status")

        bank_details_change_out = cls(
            decided_at=decided_at,
            decided_by=decided_by,
            id=id,
            new_account_holder=new_account_holder,
            new_bic=new_bic,
            new_iban=new_iban,
            note=note,
            old_account_holder=old_account_holder,
            old_bic=old_bic,
            old_iban=old_iban,
            organisation=organisation,
            requested_at=requested_at,
            requested_by=requested_by,
            status=status,
        )

        bank_details_change_out.additional_properties = d
        return bank_details_change_out

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
