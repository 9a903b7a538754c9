from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.review_in_checklist import ReviewInChecklist


T = TypeVar("T", bound="ReviewIn")


@_attrs_define
class ReviewIn:
    """
    Attributes:
        checklist (ReviewInChecklist): Every item of the review checklist, true if satisfied: `company_data_plausible`,
            `project_innovative`, `costs_plausible`, `provider_suitable`, `timeline_realistic`. A recommendation to approve
            needs all of them true.
        recommendation (str): `approve` or `reject` (with reasons in `comment`)
        score (int): 0 to 100
        comment (str | Unset):  Default: ''.
    """

    checklist: ReviewInChecklist
    recommendation: str
    score: int
    comment: str | Unset = ""

    def to_dict(self) -> dict[str, Any]:
        checklist = self.checklist.to_dict()

        recommendation = self.recommendation

        score = self.score

        comment = self.comment

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "checklist": checklist,
                "recommendation": recommendation,
                "score": score,
            }
        )
        if comment is not UNSET:
            field_dict["comment"] = comment

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.review_in_checklist import ReviewInChecklist  # noqa: PLC0415

        d = dict(src_dict)
        checklist = ReviewInChecklist.from_dict(d.pop("checklist"))

        recommendation = d.pop("recommendation")

        score = d.pop("score")

        comment = d.pop("comment", UNSET)

        review_in = cls(
            checklist=checklist,
            recommendation=recommendation,
            score=score,
            comment=comment,
        )

        return review_in
