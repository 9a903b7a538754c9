from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="ClassifyIn")


@_attrs_define
class ClassifyIn:
    """
    Attributes:
        sophisticated (bool):
        note (str | Unset):  Default: ''.
    """

    sophisticated: bool
    note: str | Unset = ""

    def to_dict(self) -> dict[str, Any]:
        sophisticated = self.sophisticated

        note = self.note

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "sophisticated": sophisticated,
            }
        )
        if note is not UNSET:
            field_dict["note"] = note

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        sophisticated = d.pop("sophisticated")

        note = d.pop("note", UNSET)

        classify_in = cls(
            sophisticated=sophisticated,
            note=note,
        )

        return classify_in
