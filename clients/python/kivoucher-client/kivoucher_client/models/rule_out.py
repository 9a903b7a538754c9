from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.rule_out_figures import RuleOutFigures


T = TypeVar("T", bound="RuleOut")


@_attrs_define
class RuleOut:
    """
    Attributes:
        code (str):
        explanation (str):
        figures (RuleOutFigures):
        help_ (str): What the rule means and what to do when it is not met, in plain words in the language of the
            request (Accept-Language)
        label (str):
        passed (bool):
    """

    code: str
    explanation: str
    figures: RuleOutFigures
    help_: str
    label: str
    passed: bool
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        code = self.code

        explanation = self.explanation

        figures = self.figures.to_dict()

        help_ = self.help_

        label = self.label

        passed = self.passed

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "code": code,
                "explanation": explanation,
                "figures": figures,
                "help": help_,
                "label": label,
                "passed": passed,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.rule_out_figures import RuleOutFigures  # noqa: PLC0415

        d = dict(src_dict)
        code = d.pop("code")

        explanation = d.pop("explanation")

        figures = RuleOutFigures.from_dict(d.pop("figures"))

        help_ = d.pop("help")

        label = d.pop("label")

        passed = d.pop("passed")

        rule_out = cls(
            code=code,
            explanation=explanation,
            figures=figures,
            help_=help_,
            label=label,
            passed=passed,
        )

        rule_out.additional_properties = d
        return rule_out

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
