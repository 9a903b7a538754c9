from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.application_eligibility_out_de_minimis import ApplicationEligibilityOutDeMinimis
    from ..models.application_rule_out import ApplicationRuleOut


T = TypeVar("T", bound="ApplicationEligibilityOut")


@_attrs_define
class ApplicationEligibilityOut:
    """
    Attributes:
        de_minimis (ApplicationEligibilityOutDeMinimis):
        grant (str):
        passed (bool):
        rules (list[ApplicationRuleOut]):
        size_class (str):
    """

    de_minimis: ApplicationEligibilityOutDeMinimis
    grant: str
    passed: bool
    rules: list[ApplicationRuleOut]
    size_class: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        de_minimis = self.de_minimis.to_dict()

        grant = self.grant

        passed = self.passed

        rules = []
        for rules_item_data in self.rules:
            rules_item = rules_item_data.to_dict()
            rules.append(rules_item)

        size_class = self.size_class

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "de_minimis": de_minimis,
                "grant": grant,
                "passed": passed,
                "rules": rules,
                "size_class": size_class,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.application_eligibility_out_de_minimis import ApplicationEligibilityOutDeMinimis  # noqa: PLC0415
        from ..models.application_rule_out import ApplicationRuleOut  # noqa: PLC0415

        d = dict(src_dict)
        de_minimis = ApplicationEligibilityOutDeMinimis.from_dict(d.pop("de_minimis"))

        grant = d.pop("grant")

        passed = d.pop("passed")

        rules = []
        _rules = d.pop("rules")
        for rules_item_data in _rules:
            rules_item = ApplicationRuleOut.from_dict(rules_item_data)

            rules.append(rules_item)

        size_class = d.pop("size_class")

        application_eligibility_out = cls(
            de_minimis=de_minimis,
            grant=grant,
            passed=passed,
            rules=rules,
            size_class=size_class,
        )

        application_eligibility_out.additional_properties = d
        return application_eligibility_out

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
