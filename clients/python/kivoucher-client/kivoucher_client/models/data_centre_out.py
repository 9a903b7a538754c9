from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="DataCentreOut")


@_attrs_define
class DataCentreOut:
    """
    Attributes:
        code (str):
        evidence (str):
        keys (list[str]):
        location (str):
        organisation (str):
    """

    code: str
    evidence: str
    keys: list[str]
    location: str
    organisation: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        code = self.code

        evidence = self.evidence

        keys = self.keys

        location = self.location

        organisation = self.organisation

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "code": code,
                "evidence": evidence,
                "keys": keys,
                "location": location,
                "organisation": organisation,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        code = d.pop("code")

        evidence = d.pop("evidence")

        keys = cast(list[str], d.pop("keys"))

        location = d.pop("location")

        organisation = d.pop("organisation")

        data_centre_out = cls(
            code=code,
            evidence=evidence,
            keys=keys,
            location=location,
            organisation=organisation,
        )

        data_centre_out.additional_properties = d
        return data_centre_out

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
