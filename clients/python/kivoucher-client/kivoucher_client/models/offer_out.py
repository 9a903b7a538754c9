from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.progress_out import ProgressOut
    from ..models.share_class_out import ShareClassOut
    from ..models.tier_out import TierOut


T = TypeVar("T", bound="OfferOut")


@_attrs_define
class OfferOut:
    """
    Attributes:
        calendar_end (datetime.datetime | None):
        code (str):
        deadline (datetime.datetime):
        funding_target (str):
        opens_at (datetime.datetime):
        operation_start (datetime.datetime | None):
        operator (str):
        partitions (int):
        progress (ProgressOut):
        regular_price (str):
        share_classes (list[ShareClassOut]):
        status (str):
        tiers (list[TierOut]):
        title (str):
        unit_hours_for_sale (int):
    """

    calendar_end: datetime.datetime | None
    code: str
    deadline: datetime.datetime
    funding_target: str
    opens_at: datetime.datetime
    operation_start: datetime.datetime | None
    operator: str
    partitions: int
    progress: ProgressOut
    regular_price: str
    share_classes: list[ShareClassOut]
    status: str
    tiers: list[TierOut]
    title: str
    unit_hours_for_sale: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        calendar_end: None | str
        if isinstance(self.calendar_end, datetime.datetime):
            calendar_end = self.calendar_end.isoformat()
        else:
            calendar_end = self.calendar_end

        code = self.code

        deadline = self.deadline.isoformat()

        funding_target = self.funding_target

        opens_at = self.opens_at.isoformat()

        operation_start: None | str
        if isinstance(self.operation_start, datetime.datetime):
            operation_start = self.operation_start.isoformat()
        else:
            operation_start = self.operation_start

        operator = self.operator

        partitions = self.partitions

        progress = self.progress.to_dict()

        regular_price = self.regular_price

        share_classes = []
        for share_classes_item_data in self.share_classes:
            share_classes_item = share_classes_item_data.to_dict()
            share_classes.append(share_classes_item)

        status = self.status

        tiers = []
        for tiers_item_data in self.tiers:
            tiers_item = tiers_item_data.to_dict()
            tiers.append(tiers_item)

        title = self.title

        unit_hours_for_sale = self.unit_hours_for_sale

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "calendar_end": calendar_end,
                "code": code,
                "deadline": deadline,
                "funding_target": funding_target,
                "opens_at": opens_at,
                "operation_start": operation_start,
                "operator": operator,
                "partitions": partitions,
                "progress": progress,
                "regular_price": regular_price,
                "share_classes": share_classes,
                "status": status,
                "tiers": tiers,
                "title": title,
                "unit_hours_for_sale": unit_hours_for_sale,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.progress_out import ProgressOut  # noqa: PLC0415
        from ..models.share_class_out import ShareClassOut  # noqa: PLC0415
        from ..models.tier_out import TierOut  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_calendar_end(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                calendar_end_type_0 = datetime.datetime.fromisoformat(data)

                return calendar_end_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        calendar_end = _parse_calendar_end(d.pop("calendar_end"))

        code = d.pop("code")

        deadline = datetime.datetime.fromisoformat(d.pop("deadline"))

        funding_target = d.pop("funding_target")

        opens_at = datetime.datetime.fromisoformat(d.pop("opens_at"))

        def _parse_operation_start(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                operation_start_type_0 = datetime.datetime.fromisoformat(data)

                return operation_start_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        operation_start = _parse_operation_start(d.pop("operation_start"))

        operator = d.pop("operator")

        partitions = d.pop("partitions")

        progress = ProgressOut.from_dict(d.pop("progress"))

        regular_price = d.pop("regular_price")

        share_classes = []
        _share_classes = d.pop("share_classes")
        for share_classes_item_data in _share_classes:
            share_classes_item = ShareClassOut.from_dict(share_classes_item_data)

            share_classes.append(share_classes_item)

        status = d.pop("status")

        tiers = []
        _tiers = d.pop("tiers")
        for tiers_item_data in _tiers:
            tiers_item = TierOut.from_dict(tiers_item_data)

            tiers.append(tiers_item)

        title = d.pop("title")

        unit_hours_for_sale = d.pop("unit_hours_for_sale")

        offer_out = cls(
            calendar_end=calendar_end,
            code=code,
            deadline=deadline,
            funding_target=funding_target,
            opens_at=opens_at,
            operation_start=operation_start,
            operator=operator,
            partitions=partitions,
            progress=progress,
            regular_price=regular_price,
            share_classes=share_classes,
            status=status,
            tiers=tiers,
            title=title,
            unit_hours_for_sale=unit_hours_for_sale,
        )

        offer_out.additional_properties = d
        return offer_out

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
