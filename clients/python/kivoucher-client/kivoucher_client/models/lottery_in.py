from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="LotteryIn")


@_attrs_define
class LotteryIn:
    """
    Attributes:
        period_end (datetime.datetime):
        period_start (datetime.datetime):
        seed (str | Unset):  Default: ''.
    """

    period_end: datetime.datetime
    period_start: datetime.datetime
    seed: str | Unset = ""

    def to_dict(self) -> dict[str, Any]:
        period_end = self.period_end.isoformat()

        period_start = self.period_start.isoformat()

        seed = self.seed

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "period_end": period_end,
                "period_start": period_start,
            }
        )
        if seed is not UNSET:
            field_dict["seed"] = seed

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        period_end = datetime.datetime.fromisoformat(d.pop("period_end"))

        period_start = datetime.datetime.fromisoformat(d.pop("period_start"))

        seed = d.pop("seed", UNSET)

        lottery_in = cls(
            period_end=period_end,
            period_start=period_start,
            seed=seed,
        )

        return lottery_in
