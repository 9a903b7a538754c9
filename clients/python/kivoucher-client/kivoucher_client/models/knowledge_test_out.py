from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.question_out import QuestionOut


T = TypeVar("T", bound="KnowledgeTestOut")


@_attrs_define
class KnowledgeTestOut:
    """
    Attributes:
        pass_mark (int):
        questions (list[QuestionOut]):
    """

    pass_mark: int
    questions: list[QuestionOut]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        pass_mark = self.pass_mark

        questions = []
        for questions_item_data in self.questions:
            questions_item = questions_item_data.to_dict()
            questions.append(questions_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "pass_mark": pass_mark,
                "questions": questions,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.question_out import QuestionOut  # noqa: PLC0415

        d = dict(src_dict)
        pass_mark = d.pop("pass_mark")

        questions = []
        _questions = d.pop("questions")
        for questions_item_data in _questions:
            questions_item = QuestionOut.from_dict(questions_item_data)

            questions.append(questions_item)

        knowledge_test_out = cls(
            pass_mark=pass_mark,
            questions=questions,
        )

        knowledge_test_out.additional_properties = d
        return knowledge_test_out

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
