from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.report_out_usage_summary import ReportOutUsageSummary


T = TypeVar("T", bound="ReportOut")


@_attrs_define
class ReportOut:
    """
    Attributes:
        due_on (datetime.date):
        id (int): What POST /api/v1/compute/reports/{id} takes.
        status (str):
        usage_summary (ReportOutUsageSummary):
        voucher (str):
    """

    due_on: datetime.date
    id: int
    status: str
    usage_summary: ReportOutUsageSummary
    voucher: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        due_on = self.due_on.isoformat()

        id = self.id

        status = self.status

        usage_summary = self.usage_summary.to_dict()

        voucher = self.voucher

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "due_on": due_on,
                "id": id,
                "status": status,
                "usage_summary": usage_summary,
                "voucher": voucher,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.report_out_usage_summary import ReportOutUsageSummary  # noqa: PLC0415

        d = dict(src_dict)
        due_on = datetime.date.fromisoformat(d.pop("due_on"))

        id = d.pop("id")

        status = d.pop("status")

        usage_summary = ReportOutUsageSummary.from_dict(d.pop("usage_summary"))

        voucher = d.pop("voucher")

        report_out = cls(
            due_on=due_on,
            id=id,
            status=status,
            usage_summary=usage_summary,
            voucher=voucher,
        )

        report_out.additional_properties = d
        return report_out

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
