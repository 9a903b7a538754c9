from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.member_patch_role import MemberPatchRole

T = TypeVar("T", bound="MemberPatch")


@_attrs_define
class MemberPatch:
    """
    Attributes:
        role (MemberPatchRole):
    """

    role: MemberPatchRole

    def to_dict(self) -> dict[str, Any]:
        role = self.role.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "role": role,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        role = MemberPatchRole(d.pop("role"))

        member_patch = cls(
            role=role,
        )

        return member_patch
