from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="ProgrammeOut")


@_attrs_define
class ProgrammeOut:
    """
    Attributes:
        code (str):
        de_minimis_ceiling (str):
        line (str):
        max_grant (str):
        name (str):
        payout_mode (str):
        rate_large (str):
        rate_medium (str):
        rate_micro (str):
        rate_small (str):
        rule_set (str):
        voucher_validity_months (int):
    """

    code: str
    de_minimis_ceiling: str
    line: str
    max_grant: str
    name: str
    payout_mode: str
    rate_large: str
    rate_medium: str
    rate_micro: str
    rate_small: str
    rule_set: str
    voucher_validity_months: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        code = self.code

        de_minimis_ceiling = self.de_minimis_ceiling

        line = self.line

        max_grant = self.max_grant

        name = self.name

        payout_mode = self.payout_mode

        rate_large = self.rate_large

        rate_medium = self.rate_medium

        rate_micro = self.rate_micro

        rate_small = self.rate_small

        rule_set = self.rule_set

        voucher_validity_months = self.voucher_validity_months

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "code": code,
                "de_minimis_ceiling": de_minimis_ceiling,
                "line": line,
                "max_grant": max_grant,
                "name": name,
                "payout_mode": payout_mode,
                "rate_large": rate_large,
                "rate_medium": rate_medium,
                "rate_micro": rate_micro,
                "rate_small": rate_small,
                "rule_set": rule_set,
                "voucher_validity_months": voucher_validity_months,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        code = d.pop("code")

        de_minimis_ceiling = d.pop("de_minimis_ceiling")

        line = d.pop("line")

        max_grant = d.pop("max_grant")

        name = d.pop("name")

        payout_mode = d.pop("payout_mode")

        rate_large = d.pop("rate_large")

        rate_medium = d.pop("rate_medium")

        rate_micro = d.pop("rate_micro")

        rate_small = d.pop("rate_small")

        rule_set = d.pop("rule_set")

        voucher_validity_months = d.pop("voucher_validity_months")

        programme_out = cls(
            code=code,
            de_minimis_ceiling=de_minimis_ceiling,
            line=line,
            max_grant=max_grant,
            name=name,
            payout_mode=payout_mode,
            rate_large=rate_large,
            rate_medium=rate_medium,
            rate_micro=rate_micro,
            rate_small=rate_small,
            rule_set=rule_set,
            voucher_validity_months=voucher_validity_months,
        )

        programme_out.additional_properties = d
        return programme_out

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
