from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="ShareClassIn")


@_attrs_define
class ShareClassIn:
    """
    Attributes:
        code (str):
        issue_price (float | str):
        name (str):
        nominal_value (float | str):
        shares_offered (int):
        min_shares (int | Unset):  Default: 1.
    """

    code: str
    issue_price: float | str
    name: str
    nominal_value: float | str
    shares_offered: int
    min_shares: int | Unset = 1

    def to_dict(self) -> dict[str, Any]:
        code = self.code

        issue_price: float | str
        issue_price = self.issue_price

        name = self.name

        nominal_value: float | str
        nominal_value = self.nominal_value

        shares_offered = self.shares_offered

        min_shares = self.min_shares

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "code": code,
                "issue_price": issue_price,
                "name": name,
                "nominal_value": nominal_value,
                "shares_offered": shares_offered,
            }
        )
        if min_shares is not UNSET:
            field_dict["min_shares"] = min_shares

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        code = d.pop("code")

        def _parse_issue_price(data: object) -> float | str:
            return cast(float | str, data)

        issue_price = _parse_issue_price(d.pop("issue_price"))

        name = d.pop("name")

        def _parse_nominal_value(data: object) -> float | str:
            return cast(float | str, data)

        nominal_value = _parse_nominal_value(d.pop("nominal_value"))

        shares_offered = d.pop("shares_offered")

        min_shares = d.pop("min_shares", UNSET)

        share_class_in = cls(
            code=code,
            issue_price=issue_price,
            name=name,
            nominal_value=nominal_value,
            shares_offered=shares_offered,
            min_shares=min_shares,
        )

        return share_class_in
