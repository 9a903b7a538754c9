from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="ComputeReviewIn")


@_attrs_define
class ComputeReviewIn:
    """
    Attributes:
        note (str):
        recommend (bool):
    """

    note: str
    recommend: bool

    def to_dict(self) -> dict[str, Any]:
        note = self.note

        recommend = self.recommend

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "note": note,
                "recommend": recommend,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        note = d.pop("note")

        recommend = d.pop("recommend")

        compute_review_in = cls(
            note=note,
            recommend=recommend,
        )

        return compute_review_in
