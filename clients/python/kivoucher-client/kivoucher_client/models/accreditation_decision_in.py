from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="AccreditationDecisionIn")


@_attrs_define
class AccreditationDecisionIn:
    """
    Attributes:
        approve (bool):
        annual_cap (None | str | Unset):
        reason (str | Unset):  Default: ''.
    """

    approve: bool
    annual_cap: None | str | Unset = UNSET
    reason: str | Unset = ""

    def to_dict(self) -> dict[str, Any]:
        approve = self.approve

        annual_cap: None | str | Unset
        if isinstance(self.annual_cap, Unset):
            annual_cap = UNSET
        else:
            annual_cap = self.annual_cap

        reason = self.reason

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "approve": approve,
            }
        )
        if annual_cap is not UNSET:
            field_dict["annual_cap"] = annual_cap
        if reason is not UNSET:
            field_dict["reason"] = reason

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        approve = d.pop("approve")

        def _parse_annual_cap(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        annual_cap = _parse_annual_cap(d.pop("annual_cap", UNSET))

        reason = d.pop("reason", UNSET)

        accreditation_decision_in = cls(
            approve=approve,
            annual_cap=annual_cap,
            reason=reason,
        )

        return accreditation_decision_in
