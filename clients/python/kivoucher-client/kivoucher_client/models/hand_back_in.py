from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="HandBackIn")


@_attrs_define
class HandBackIn:
    """
    Attributes:
        call_id (int): A line II (compute voucher) call, from GET /programmes/calls.
    """

    call_id: int

    def to_dict(self) -> dict[str, Any]:
        call_id = self.call_id

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "call_id": call_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        call_id = d.pop("call_id")

        hand_back_in = cls(
            call_id=call_id,
        )

        return hand_back_in
