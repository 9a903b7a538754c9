from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="SettlementEinvoiceFindingOut")


@_attrs_define
class SettlementEinvoiceFindingOut:
    """
    Attributes:
        explanation (str): German explanation for a bookkeeper
        location (str): Where in the invoice (XPath)
        rule_id (str): The rule's id, e.g. BR-CO-16, BR-DE-15
        severity (str): fatal | warning | information
        text (str): The rule's own text (EN 16931: English, BR-DE: German)
    """

    explanation: str
    location: str
    rule_id: str
    severity: str
    text: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        explanation = self.explanation

        location = self.location

        rule_id = self.rule_id

        severity = self.severity

        text = self.text

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "explanation": explanation,
                "location": location,
                "rule_id": rule_id,
                "severity": severity,
                "text": text,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        explanation = d.pop("explanation")

        location = d.pop("location")

        rule_id = d.pop("rule_id")

        severity = d.pop("severity")

        text = d.pop("text")

        settlement_einvoice_finding_out = cls(
            explanation=explanation,
            location=location,
            rule_id=rule_id,
            severity=severity,
            text=text,
        )

        settlement_einvoice_finding_out.additional_properties = d
        return settlement_einvoice_finding_out

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
