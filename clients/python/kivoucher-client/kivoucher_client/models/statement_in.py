from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="StatementIn")


@_attrs_define
class StatementIn:
    """
    Attributes:
        data_centre (str):
        period_end (datetime.date):
        period_start (datetime.date):
    """

    data_centre: str
    period_end: datetime.date
    period_start: datetime.date

    def to_dict(self) -> dict[str, Any]:
        data_centre = self.data_centre

        period_end = self.period_end.isoformat()

        period_start = self.period_start.isoformat()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "data_centre": data_centre,
                "period_end": period_end,
                "period_start": period_start,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        data_centre = d.pop("data_centre")

        period_end = datetime.date.fromisoformat(d.pop("period_end"))

        period_start = datetime.date.fromisoformat(d.pop("period_start"))

        statement_in = cls(
            data_centre=data_centre,
            period_end=period_end,
            period_start=period_start,
        )

        return statement_in
