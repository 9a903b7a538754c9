from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="KnowledgeTestResultOut")


@_attrs_define
class KnowledgeTestResultOut:
    """
    Attributes:
        of (int):
        passed (bool):
        score (int):
        wrong (list[str]):
    """

    of: int
    passed: bool
    score: int
    wrong: list[str]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        of = self.of

        passed = self.passed

        score = self.score

        wrong = self.wrong

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "of": of,
                "passed": passed,
                "score": score,
                "wrong": wrong,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        of = d.pop("of")

        passed = d.pop("passed")

        score = d.pop("score")

        wrong = cast(list[str], d.pop("wrong"))

        knowledge_test_result_out = cls(
            of=of,
            passed=passed,
            score=score,
            wrong=wrong,
        )

        knowledge_test_result_out.additional_properties = d
        return knowledge_test_result_out

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
