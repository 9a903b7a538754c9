from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.rule_out import RuleOut


T = TypeVar("T", bound="EligibilityOut")


@_attrs_define
class EligibilityOut:
    """
    Attributes:
        passed (bool):
        rule_set (str):
        rules (list[RuleOut]):
        size_class (str):
    """

    passed: bool
    rule_set: str
    rules: list[RuleOut]
    size_class: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        passed = self.passed

        rule_set = self.rule_set

        rules = []
        for rules_item_data in self.rules:
            rules_item = rules_item_data.to_dict()
            rules.append(rules_item)

        size_class = self.size_class

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "passed": passed,
                "rule_set": rule_set,
                "rules": rules,
                "size_class": size_class,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.rule_out import RuleOut  # noqa: PLC0415

        d = dict(src_dict)
        passed = d.pop("passed")

        rule_set = d.pop("rule_set")

        rules = []
        _rules = d.pop("rules")
        for rules_item_data in _rules:
            rules_item = RuleOut.from_dict(rules_item_data)

            rules.append(rules_item)

        size_class = d.pop("size_class")

        eligibility_out = cls(
            passed=passed,
            rule_set=rule_set,
            rules=rules,
            size_class=size_class,
        )

        eligibility_out.additional_properties = d
        return eligibility_out

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
