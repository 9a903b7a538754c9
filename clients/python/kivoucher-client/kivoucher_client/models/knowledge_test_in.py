from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.knowledge_test_in_answers import KnowledgeTestInAnswers


T = TypeVar("T", bound="KnowledgeTestIn")


@_attrs_define
class KnowledgeTestIn:
    """
    Attributes:
        answers (KnowledgeTestInAnswers): Question key -> choice key.
    """

    answers: KnowledgeTestInAnswers

    def to_dict(self) -> dict[str, Any]:
        answers = self.answers.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "answers": answers,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.knowledge_test_in_answers import KnowledgeTestInAnswers  # noqa: PLC0415

        d = dict(src_dict)
        answers = KnowledgeTestInAnswers.from_dict(d.pop("answers"))

        knowledge_test_in = cls(
            answers=answers,
        )

        return knowledge_test_in
