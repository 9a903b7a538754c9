from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.checklist_answer_out import ChecklistAnswerOut


T = TypeVar("T", bound="ApplicationReviewOut")


@_attrs_define
class ApplicationReviewOut:
    """
    Attributes:
        checklist (list[ChecklistAnswerOut]):
        comment (str):
        created_at (datetime.datetime):
        recommendation (str):
        reviewer (str):
        score (int):
    """

    checklist: list[ChecklistAnswerOut]
    comment: str
    created_at: datetime.datetime
    recommendation: str
    reviewer: str
    score: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        checklist = []
        for checklist_item_data in self.checklist:
            checklist_item = checklist_item_data.to_dict()
            checklist.append(checklist_item)

        comment = self.comment

        created_at = self.created_at.isoformat()

        recommendation = self.recommendation

        reviewer = self.reviewer

        score = self.score

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "checklist": checklist,
                "comment": comment,
                "created_at": created_at,
                "recommendation": recommendation,
                "reviewer": reviewer,
                "score": score,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.checklist_answer_out import ChecklistAnswerOut  # noqa: PLC0415

        d = dict(src_dict)
        checklist = []
        _checklist = d.pop("checklist")
        for checklist_item_data in _checklist:
            checklist_item = ChecklistAnswerOut.from_dict(checklist_item_data)

            checklist.append(checklist_item)

        comment = d.pop("comment")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        recommendation = d.pop("recommendation")

        reviewer = d.pop("reviewer")

        score = d.pop("score")

        application_review_out = cls(
            checklist=checklist,
            comment=comment,
            created_at=created_at,
            recommendation=recommendation,
            reviewer=reviewer,
            score=score,
        )

        application_review_out.additional_properties = d
        return application_review_out

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
