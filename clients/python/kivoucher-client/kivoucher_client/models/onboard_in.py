from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.key_in import KeyIn


T = TypeVar("T", bound="OnboardIn")


@_attrs_define
class OnboardIn:
    """
    Attributes:
        code (str):
        location_city (str):
        location_country (str):
        operator_name (str):
        organisation (int):
        contact_email (str | Unset):  Default: ''.
        contact_name (str | Unset):  Default: ''.
        contact_phone (str | Unset):  Default: ''.
        keys (list[KeyIn] | Unset):
        participant_id (str | Unset):  Default: ''.
    """

    code: str
    location_city: str
    location_country: str
    operator_name: str
    organisation: int
    contact_email: str | Unset = ""
    contact_name: str | Unset = ""
    contact_phone: str | Unset = ""
    keys: list[KeyIn] | Unset = UNSET
    participant_id: str | Unset = ""

    def to_dict(self) -> dict[str, Any]:
        code = self.code

        location_city = self.location_city

        location_country = self.location_country

        operator_name = self.operator_name

        organisation = self.organisation

        contact_email = self.contact_email

        contact_name = self.contact_name

        contact_phone = self.contact_phone

        keys: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.keys, Unset):
            keys = []
            for keys_item_data in self.keys:
                keys_item = keys_item_data.to_dict()
                keys.append(keys_item)

        participant_id = self.participant_id

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "code": code,
                "location_city": location_city,
                "location_country": location_country,
                "operator_name": operator_name,
                "organisation": organisation,
            }
        )
        if contact_email is not UNSET:
            field_dict["contact_email"] = contact_email
        if contact_name is not UNSET:
            field_dict["contact_name"] = contact_name
        if contact_phone is not UNSET:
            field_dict["contact_phone"] = contact_phone
        if keys is not UNSET:
            field_dict["keys"] = keys
        if participant_id is not UNSET:
            field_dict["participant_id"] = participant_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.key_in import KeyIn  # noqa: PLC0415

        d = dict(src_dict)
        code = d.pop("code")

        location_city = d.pop("location_city")

        location_country = d.pop("location_country")

        operator_name = d.pop("operator_name")

        organisation = d.pop("organisation")

        contact_email = d.pop("contact_email", UNSET)

        contact_name = d.pop("contact_name", UNSET)

        contact_phone = d.pop("contact_phone", UNSET)

        _keys = d.pop("keys", UNSET)
        keys: list[KeyIn] | Unset = UNSET
        if _keys is not UNSET:
            keys = []
            for keys_item_data in _keys:
                keys_item = KeyIn.from_dict(keys_item_data)

                keys.append(keys_item)

        participant_id = d.pop("participant_id", UNSET)

        onboard_in = cls(
            code=code,
            location_city=location_city,
            location_country=location_country,
            operator_name=operator_name,
            organisation=organisation,
            contact_email=contact_email,
            contact_name=contact_name,
            contact_phone=contact_phone,
            keys=keys,
            participant_id=participant_id,
        )

        return onboard_in
