from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="QueueItemOut")


@_attrs_define
class QueueItemOut:
    """
    Attributes:
        age_days (int):
        assigned_to (None | str):
        call (int):
        category (None | str):
        id (int):
        organisation (str):
        reference (str):
        requested_grant (str):
        review_score (int | None):
        status (str):
        submitted_at (datetime.datetime | None):
        title (str):
    """

    age_days: int
    assigned_to: None | str
    call: int
    category: None | str
    id: int
    organisation: str
    reference: str
    requested_grant: str
    review_score: int | None
    status: str
    submitted_at: datetime.datetime | None
    title: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        age_days = self.age_days

        assigned_to: None | str
        assigned_to = self.assigned_to

        call = self.call

        category: None | str
        category = self.category

        id = self.id

        organisation = self.organisation

        reference = self.reference

        requested_grant = self.requested_grant

        review_score: int | None
        review_score = self.review_score

        status = self.status

        submitted_at: None | str
        if isinstance(self.submitted_at, datetime.datetime):
            submitted_at = self.submitted_at.isoformat()
        else:
            submitted_at = self.submitted_at

        title = self.title

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "age_days": age_days,
                "assigned_to": assigned_to,
                "call": call,
                "category": category,
                "id": id,
                "organisation": organisation,
                "reference": reference,
                "requested_grant": requested_grant,
                "review_score": review_score,
                "status": status,
                "submitted_at": submitted_at,
                "title": title,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        age_days = d.pop("age_days")

        def _parse_assigned_to(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        assigned_to = _parse_assigned_to(d.pop("assigned_to"))

        call = d.pop("call")

        def _parse_category(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        category = _parse_category(d.pop("category"))

        id = d.pop("id")

        organisation = d.pop("organisation")

        reference = d.pop("reference")

        requested_grant = d.pop("requested_grant")

        def _parse_review_score(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        review_score = _parse_review_score(d.pop("review_score"))

        status = d.pop("status")

        def _parse_submitted_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                submitted_at_type_0 = datetime.datetime.fromisoformat(data)

                return submitted_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        submitted_at = _parse_submitted_at(d.pop("submitted_at"))

        title = d.pop("title")

        queue_item_out = cls(
            age_days=age_days,
            assigned_to=assigned_to,
            call=call,
            category=category,
            id=id,
            organisation=organisation,
            reference=reference,
            requested_grant=requested_grant,
            review_score=review_score,
            status=status,
            submitted_at=submitted_at,
            title=title,
        )

        queue_item_out.additional_properties = d
        return queue_item_out

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
