from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.share_class_in import ShareClassIn
    from ..models.tier_in import TierIn


T = TypeVar("T", bound="OfferIn")


@_attrs_define
class OfferIn:
    """
    Attributes:
        code (str):
        deadline (datetime.datetime):
        funding_target (float | str):
        opens_at (datetime.datetime):
        operator_id (int):
        regular_price (float | str):
        title (str):
        unit_hours_for_sale (int):
        description (str | Unset):  Default: ''.
        hours_valid_until (datetime.date | None | Unset):
        max_unit_hours_per_buyer (int | None | Unset):
        min_unit_hours (int | Unset):  Default: 1.
        partitions (int | Unset):  Default: 1.
        programme (str | Unset):  Default: 'ki-presale'.
        share_classes (list[ShareClassIn] | Unset):
        tiers (list[TierIn] | Unset):
    """

    code: str
    deadline: datetime.datetime
    funding_target: float | str
    opens_at: datetime.datetime
    operator_id: int
    regular_price: float | str
    title: str
    unit_hours_for_sale: int
    description: str | Unset = ""
    hours_valid_until: datetime.date | None | Unset = UNSET
    max_unit_hours_per_buyer: int | None | Unset = UNSET
    min_unit_hours: int | Unset = 1
    partitions: int | Unset = 1
    programme: str | Unset = "ki-presale"
    share_classes: list[ShareClassIn] | Unset = UNSET
    tiers: list[TierIn] | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        code = self.code

        deadline = self.deadline.isoformat()

        funding_target: float | str
        funding_target = self.funding_target

        opens_at = self.opens_at.isoformat()

        operator_id = self.operator_id

        regular_price: float | str
        regular_price = self.regular_price

        title = self.title

        unit_hours_for_sale = self.unit_hours_for_sale

        description = self.description

        hours_valid_until: None | str | Unset
        if isinstance(self.hours_valid_until, Unset):
            hours_valid_until = UNSET
        elif isinstance(self.hours_valid_until, datetime.date):
            hours_valid_until = self.hours_valid_until.isoformat()
        else:
            hours_valid_until = self.hours_valid_until

        max_unit_hours_per_buyer: int | None | Unset
        if isinstance(self.max_unit_hours_per_buyer, Unset):
            max_unit_hours_per_buyer = UNSET
        else:
            max_unit_hours_per_buyer = self.max_unit_hours_per_buyer

        min_unit_hours = self.min_unit_hours

        partitions = self.partitions

        programme = self.programme

        share_classes: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.share_classes, Unset):
            share_classes = []
            for share_classes_item_data in self.share_classes:
                share_classes_item = share_classes_item_data.to_dict()
                share_classes.append(share_classes_item)

        tiers: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.tiers, Unset):
            tiers = []
            for tiers_item_data in self.tiers:
                tiers_item = tiers_item_data.to_dict()
                tiers.append(tiers_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "code": code,
                "deadline": deadline,
                "funding_target": funding_target,
                "opens_at": opens_at,
                "operator_id": operator_id,
                "regular_price": regular_price,
                "title": title,
                "unit_hours_for_sale": unit_hours_for_sale,
            }
        )
        if description is not UNSET:
            field_dict["description"] = description
        if hours_valid_until is not UNSET:
            field_dict["hours_valid_until"] = hours_valid_until
        if max_unit_hours_per_buyer is not UNSET:
            field_dict["max_unit_hours_per_buyer"] = max_unit_hours_per_buyer
        if min_unit_hours is not UNSET:
            field_dict["min_unit_hours"] = min_unit_hours
        if partitions is not UNSET:
            field_dict["partitions"] = partitions
        if programme is not UNSET:
            field_dict["programme"] = programme
        if share_classes is not UNSET:
            field_dict["share_classes"] = share_classes
        if tiers is not UNSET:
            field_dict["tiers"] = tiers

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.share_class_in import ShareClassIn  # noqa: PLC0415
        from ..models.tier_in import TierIn  # noqa: PLC0415

        d = dict(src_dict)
        code = d.pop("code")

        deadline = datetime.datetime.fromisoformat(d.pop("deadline"))

        def _parse_funding_target(data: object) -> float | str:
            return cast(float | str, data)

        funding_target = _parse_funding_target(d.pop("funding_target"))

        opens_at = datetime.datetime.fromisoformat(d.pop("opens_at"))

        operator_id = d.pop("operator_id")

        def _parse_regular_price(data: object) -> float | str:
            return cast(float | str, data)

        regular_price = _parse_regular_price(d.pop("regular_price"))

        title = d.pop("title")

        unit_hours_for_sale = d.pop("unit_hours_for_sale")

        description = d.pop("description", UNSET)

        def _parse_hours_valid_until(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                hours_valid_until_type_0 = datetime.date.fromisoformat(data)

                return hours_valid_until_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        hours_valid_until = _parse_hours_valid_until(d.pop("hours_valid_until", UNSET))

        def _parse_max_unit_hours_per_buyer(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        max_unit_hours_per_buyer = _parse_max_unit_hours_per_buyer(d.pop("max_unit_hours_per_buyer", UNSET))

        min_unit_hours = d.pop("min_unit_hours", UNSET)

        partitions = d.pop("partitions", UNSET)

        programme = d.pop("programme", UNSET)

        _share_classes = d.pop("share_classes", UNSET)
        share_classes: list[ShareClassIn] | Unset = UNSET
        if _share_classes is not UNSET:
            share_classes = []
            for share_classes_item_data in _share_classes:
                share_classes_item = ShareClassIn.from_dict(share_classes_item_data)

                share_classes.append(share_classes_item)

        _tiers = d.pop("tiers", UNSET)
        tiers: list[TierIn] | Unset = UNSET
        if _tiers is not UNSET:
            tiers = []
            for tiers_item_data in _tiers:
                tiers_item = TierIn.from_dict(tiers_item_data)

                tiers.append(tiers_item)

        offer_in = cls(
            code=code,
            deadline=deadline,
            funding_target=funding_target,
            opens_at=opens_at,
            operator_id=operator_id,
            regular_price=regular_price,
            title=title,
            unit_hours_for_sale=unit_hours_for_sale,
            description=description,
            hours_valid_until=hours_valid_until,
            max_unit_hours_per_buyer=max_unit_hours_per_buyer,
            min_unit_hours=min_unit_hours,
            partitions=partitions,
            programme=programme,
            share_classes=share_classes,
            tiers=tiers,
        )

        return offer_in
