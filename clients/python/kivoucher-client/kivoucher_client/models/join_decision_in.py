from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.join_decision_in_role import JoinDecisionInRole
from ..types import UNSET, Unset

T = TypeVar("T", bound="JoinDecisionIn")


@_attrs_define
class JoinDecisionIn:
    """
    Attributes:
        accept (bool):
        role (JoinDecisionInRole | Unset):  Default: JoinDecisionInRole.MEMBER.
    """

    accept: bool
    role: JoinDecisionInRole | Unset = JoinDecisionInRole.MEMBER

    def to_dict(self) -> dict[str, Any]:
        accept = self.accept

        role: str | Unset = UNSET
        if not isinstance(self.role, Unset):
            role = self.role.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "accept": accept,
            }
        )
        if role is not UNSET:
            field_dict["role"] = role

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        accept = d.pop("accept")

        _role = d.pop("role", UNSET)
        role: JoinDecisionInRole | Unset
        if isinstance(_role, Unset):
            role = UNSET
        else:
            role = JoinDecisionInRole(_role)

        join_decision_in = cls(
            accept=accept,
            role=role,
        )

        return join_decision_in
