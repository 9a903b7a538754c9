from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="PaymentBatchOut")


@_attrs_define
class PaymentBatchOut:
    """
    Attributes:
        count (int):
        created_at (datetime.datetime):
        created_by (int | None):
        execution_date (datetime.date):
        exported_at (datetime.datetime | None):
        exported_by (int | None):
        id (int):
        message_id (str):
        paid_at (datetime.datetime | None):
        status (str):
        total (str):
    """

    count: int
    created_at: datetime.datetime
    created_by: int | None
    execution_date: datetime.date
    exported_at: datetime.datetime | None
    exported_by: int | None
    id: int
    message_id: str
    paid_at: datetime.datetime | None
    status: str
    total: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        count = self.count

        created_at = self.created_at.isoformat()

        created_by: int | None
        created_by = self.created_by

        execution_date = self.execution_date.isoformat()

        exported_at: None | str
        if isinstance(self.exported_at, datetime.datetime):
            exported_at = self.exported_at.isoformat()
        else:
            exported_at = self.exported_at

        exported_by: int | None
        exported_by = self.exported_by

        id = self.id

        message_id = self.message_id

        paid_at: None | str
        if isinstance(self.paid_at, datetime.datetime):
            paid_at = self.paid_at.isoformat()
        else:
            paid_at = self.paid_at

        status = self.status

        total = self.total

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "count": count,
                "created_at": created_at,
                "created_by": created_by,
                "execution_date": execution_date,
                "exported_at": exported_at,
                "exported_by": exported_by,
                "id": id,
                "message_id": message_id,
                "paid_at": paid_at,
                "status": status,
                "total": total,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        count = d.pop("count")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        def _parse_created_by(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        created_by = _parse_created_by(d.pop("created_by"))

        execution_date = datetime.date.fromisoformat(d.pop("execution_date"))

        def _parse_exported_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                exported_at_type_0 = datetime.datetime.fromisoformat(data)

                return exported_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        exported_at = _parse_exported_at(d.pop("exported_at"))

        def _parse_exported_by(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        exported_by = _parse_exported_by(d.pop("exported_by"))

        id = d.pop("id")

        message_id = d.pop("message_id")

        def _parse_paid_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                paid_at_type_0 = datetime.datetime.fromisoformat(data)

                return paid_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        paid_at = _parse_paid_at(d.pop("paid_at"))

        status = d.pop("status")

        total = d.pop("total")

        payment_batch_out = cls(
            count=count,
            created_at=created_at,
            created_by=created_by,
            execution_date=execution_date,
            exported_at=exported_at,
            exported_by=exported_by,
            id=id,
            message_id=message_id,
            paid_at=paid_at,
            status=status,
            total=total,
        )

        payment_batch_out.additional_properties = d
        return payment_batch_out

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
