from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="RecoveryCaseIn")


@_attrs_define
class RecoveryCaseIn:
    """
    Attributes:
        ineffective_on (datetime.date): The day the grant became ineffective.
        origin (str): "voucher:<code>" or "compute_voucher:<code>"
        reason (str):
        amount (float | None | str | Unset): The part to recover; omitted: all that was paid (else the grant).
    """

    ineffective_on: datetime.date
    origin: str
    reason: str
    amount: float | None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        ineffective_on = self.ineffective_on.isoformat()

        origin = self.origin

        reason = self.reason

        amount: float | None | str | Unset
        if isinstance(self.amount, Unset):
            amount = UNSET
        else:
            amount = self.amount

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "ineffective_on": ineffective_on,
                "origin": origin,
                "reason": reason,
            }
        )
        if amount is not UNSET:
            field_dict["amount"] = amount

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        ineffective_on = datetime.date.fromisoformat(d.pop("ineffective_on"))

        origin = d.pop("origin")

        reason = d.pop("reason")

        def _parse_amount(data: object) -> float | None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | str | Unset, data)

        amount = _parse_amount(d.pop("amount", UNSET))

        recovery_case_in = cls(
            ineffective_on=ineffective_on,
            origin=origin,
            reason=reason,
            amount=amount,
        )

        recovery_case_in.additional_properties = d
        return recovery_case_in

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
