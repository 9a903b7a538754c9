from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="ObjectionOut")


@_attrs_define
class ObjectionOut:
    """
    Attributes:
        amount_after (None | str):
        decided_on (datetime.date | None):
        decision_reason (str):
        filed_on (datetime.date):
        reason (str):
        status (str): filed, upheld, partly_upheld, rejected
    """

    amount_after: None | str
    decided_on: datetime.date | None
    decision_reason: str
    filed_on: datetime.date
    reason: str
    status: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        amount_after: None | str
        amount_after = self.amount_after

        decided_on: None | str
        if isinstance(self.decided_on, datetime.date):
            decided_on = self.decided_on.isoformat()
        else:
            decided_on = self.decided_on

        decision_reason = self.decision_reason

        filed_on = self.filed_on.isoformat()

        reason = self.reason

        status = self.status

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "amount_after": amount_after,
                "decided_on": decided_on,
                "decision_reason": decision_reason,
                "filed_on": filed_on,
                "reason": reason,
                "status": status,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_amount_after(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        amount_after = _parse_amount_after(d.pop("amount_after"))

        def _parse_decided_on(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                decided_on_type_0 = datetime.date.fromisoformat(data)

                return decided_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        decided_on = _parse_decided_on(d.pop("decided_on"))

        decision_reason = d.pop("decision_reason")

        filed_on = datetime.date.fromisoformat(d.pop("filed_on"))

        reason = d.pop("reason")

        status = d.pop("status")

        objection_out = cls(
            amount_after=amount_after,
            decided_on=decided_on,
            decision_reason=decision_reason,
            filed_on=filed_on,
            reason=reason,
            status=status,
        )

        objection_out.additional_properties = d
        return objection_out

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
