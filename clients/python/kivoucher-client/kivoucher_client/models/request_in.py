from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="RequestIn")


@_attrs_define
class RequestIn:
    """
    Attributes:
        block_hours (int):
        earliest_start (datetime.datetime):
        latest_end (datetime.datetime):
        may_split (bool | Unset):  Default: False.
        width (int | Unset):  Default: 1.
    """

    block_hours: int
    earliest_start: datetime.datetime
    latest_end: datetime.datetime
    may_split: bool | Unset = False
    width: int | Unset = 1

    def to_dict(self) -> dict[str, Any]:
        block_hours = self.block_hours

        earliest_start = self.earliest_start.isoformat()

        latest_end = self.latest_end.isoformat()

        may_split = self.may_split

        width = self.width

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "block_hours": block_hours,
                "earliest_start": earliest_start,
                "latest_end": latest_end,
            }
        )
        if may_split is not UNSET:
            field_dict["may_split"] = may_split
        if width is not UNSET:
            field_dict["width"] = width

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        block_hours = d.pop("block_hours")

        earliest_start = datetime.datetime.fromisoformat(d.pop("earliest_start"))

        latest_end = datetime.datetime.fromisoformat(d.pop("latest_end"))

        may_split = d.pop("may_split", UNSET)

        width = d.pop("width", UNSET)

        request_in = cls(
            block_hours=block_hours,
            earliest_start=earliest_start,
            latest_end=latest_end,
            may_split=may_split,
            width=width,
        )

        return request_in
