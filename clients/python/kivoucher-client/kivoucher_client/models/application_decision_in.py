from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="ApplicationDecisionIn")


@_attrs_define
class ApplicationDecisionIn:
    """
    Attributes:
        approve (bool):
        reason (str | Unset):  Default: ''.
    """

    approve: bool
    reason: str | Unset = ""

    def to_dict(self) -> dict[str, Any]:
        approve = self.approve

        reason = self.reason

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "approve": approve,
            }
        )
        if reason is not UNSET:
            field_dict["reason"] = reason

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        approve = d.pop("approve")

        reason = d.pop("reason", UNSET)

        application_decision_in = cls(
            approve=approve,
            reason=reason,
        )

        return application_decision_in
