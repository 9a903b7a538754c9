from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="ShareClassOut")


@_attrs_define
class ShareClassOut:
    """
    Attributes:
        code (str):
        issue_price (str):
        min_shares (int):
        name (str):
        nominal_value (str):
        shares_offered (int):
    """

    code: str
    issue_price: str
    min_shares: int
    name: str
    nominal_value: str
    shares_offered: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        code = self.code

        issue_price = self.issue_price

        min_shares = self.min_shares

        name = self.name

        nominal_value = self.nominal_value

        shares_offered = self.shares_offered

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "code": code,
                "issue_price": issue_price,
                "min_shares": min_shares,
                "name": name,
                "nominal_value": nominal_value,
                "shares_offered": shares_offered,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        code = d.pop("code")

        issue_price = d.pop("issue_price")

        min_shares = d.pop("min_shares")

        name = d.pop("name")

        nominal_value = d.pop("nominal_value")

        shares_offered = d.pop("shares_offered")

        share_class_out = cls(
            code=code,
            issue_price=issue_price,
            min_shares=min_shares,
            name=name,
            nominal_value=nominal_value,
            shares_offered=shares_offered,
        )

        share_class_out.additional_properties = d
        return share_class_out

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
