from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="MaintenanceIn")


@_attrs_define
class MaintenanceIn:
    """A period the cluster is not available: `end` after `start`.

    Attributes:
        end (datetime.datetime):
        start (datetime.datetime):
        reason (str | Unset):  Default: ''.
    """

    end: datetime.datetime
    start: datetime.datetime
    reason: str | Unset = ""

    def to_dict(self) -> dict[str, Any]:
        end = self.end.isoformat()

        start = self.start.isoformat()

        reason = self.reason

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "end": end,
                "start": start,
            }
        )
        if reason is not UNSET:
            field_dict["reason"] = reason

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        end = datetime.datetime.fromisoformat(d.pop("end"))

        start = datetime.datetime.fromisoformat(d.pop("start"))

        reason = d.pop("reason", UNSET)

        maintenance_in = cls(
            end=end,
            start=start,
            reason=reason,
        )

        return maintenance_in
