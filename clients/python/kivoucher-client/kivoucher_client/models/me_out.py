from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.me_out_organisations_item import MeOutOrganisationsItem


T = TypeVar("T", bound="MeOut")


@_attrs_define
class MeOut:
    """
    Attributes:
        is_staff_role (bool):
        organisations (list[MeOutOrganisationsItem]):
        role (str):
        username (str):
    """

    is_staff_role: bool
    organisations: list[MeOutOrganisationsItem]
    role: str
    username: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        is_staff_role = self.is_staff_role

        organisations = []
        for organisations_item_data in self.organisations:
            organisations_item = organisations_item_data.to_dict()
            organisations.append(organisations_item)

        role = self.role

        username = self.username

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "is_staff_role": is_staff_role,
                "organisations": organisations,
                "role": role,
                "username": username,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.me_out_organisations_item import MeOutOrganisationsItem  # noqa: PLC0415

        d = dict(src_dict)
        is_staff_role = d.pop("is_staff_role")

        organisations = []
        _organisations = d.pop("organisations")
        for organisations_item_data in _organisations:
            organisations_item = MeOutOrganisationsItem.from_dict(organisations_item_data)

            organisations.append(organisations_item)

        role = d.pop("role")

        username = d.pop("username")

        me_out = cls(
            is_staff_role=is_staff_role,
            organisations=organisations,
            role=role,
            username=username,
        )

        me_out.additional_properties = d
        return me_out

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
