from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="ComputeExceptionIn")


@_attrs_define
class ComputeExceptionIn:
    """
    Attributes:
        grant (bool):
        reason (str):
    """

    grant: bool
    reason: str

    def to_dict(self) -> dict[str, Any]:
        grant = self.grant

        reason = self.reason

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "grant": grant,
                "reason": reason,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        grant = d.pop("grant")

        reason = d.pop("reason")

        compute_exception_in = cls(
            grant=grant,
            reason=reason,
        )

        return compute_exception_in
