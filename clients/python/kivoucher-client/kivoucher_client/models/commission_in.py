from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.maintenance_in import MaintenanceIn


T = TypeVar("T", bound="CommissionIn")


@_attrs_define
class CommissionIn:
    """
    Attributes:
        calendar_end (datetime.datetime):
        operation_start (datetime.datetime):
        maintenance (list[MaintenanceIn] | Unset):
    """

    calendar_end: datetime.datetime
    operation_start: datetime.datetime
    maintenance: list[MaintenanceIn] | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        calendar_end = self.calendar_end.isoformat()

        operation_start = self.operation_start.isoformat()

        maintenance: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.maintenance, Unset):
            maintenance = []
            for maintenance_item_data in self.maintenance:
                maintenance_item = maintenance_item_data.to_dict()
                maintenance.append(maintenance_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "calendar_end": calendar_end,
                "operation_start": operation_start,
            }
        )
        if maintenance is not UNSET:
            field_dict["maintenance"] = maintenance

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.maintenance_in import MaintenanceIn  # noqa: PLC0415

        d = dict(src_dict)
        calendar_end = datetime.datetime.fromisoformat(d.pop("calendar_end"))

        operation_start = datetime.datetime.fromisoformat(d.pop("operation_start"))

        _maintenance = d.pop("maintenance", UNSET)
        maintenance: list[MaintenanceIn] | Unset = UNSET
        if _maintenance is not UNSET:
            maintenance = []
            for maintenance_item_data in _maintenance:
                maintenance_item = MaintenanceIn.from_dict(maintenance_item_data)

                maintenance.append(maintenance_item)

        commission_in = cls(
            calendar_end=calendar_end,
            operation_start=operation_start,
            maintenance=maintenance,
        )

        return commission_in
