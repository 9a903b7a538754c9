from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="StatementOut")


@_attrs_define
class StatementOut:
    """
    Attributes:
        data_centre (str):
        id (int):
        period_end (datetime.date):
        period_start (datetime.date):
        records (int):
        status (str):
        total (str):
    """

    data_centre: str
    id: int
    period_end: datetime.date
    period_start: datetime.date
    records: int
    status: str
    total: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        data_centre = self.data_centre

        id = self.id

        period_end = self.period_end.isoformat()

        period_start = self.period_start.isoformat()

        records = self.records

        status = self.status

        total = self.total

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "data_centre": data_centre,
                "id": id,
                "period_end": period_end,
                "period_start": period_start,
                "records": records,
                "status": status,
                "total": total,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        data_centre = d.pop("data_centre")

        id = d.pop("id")

        period_end = datetime.date.fromisoformat(d.pop("period_end"))

        period_start = datetime.date.fromisoformat(d.pop("period_start"))

        records = d.pop("records")

        status = d.pop("status")

        total = d.pop("total")

        statement_out = cls(
            data_centre=data_centre,
            id=id,
            period_end=period_end,
            period_start=period_start,
            records=records,
            status=status,
            total=total,
        )

        statement_out.additional_properties = d
        return statement_out

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
