from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="PurchaseIn")


@_attrs_define
class PurchaseIn:
    """
    Attributes:
        kind (str):
        risk_warning_confirmed (bool | Unset): Shares, non-sophisticated investors: above 1,000 EUR or 5 % of the
            declared net worth, the risk warning must be confirmed (else 409 `risk_warning_required`). Default: False.
        share_class (None | str | Unset):
        shares (int | Unset):  Default: 0.
        unit_hours (int | Unset):  Default: 0.
    """

    kind: str
    risk_warning_confirmed: bool | Unset = False
    share_class: None | str | Unset = UNSET
    shares: int | Unset = 0
    unit_hours: int | Unset = 0

    def to_dict(self) -> dict[str, Any]:
        kind = self.kind

        risk_warning_confirmed = self.risk_warning_confirmed

        share_class: None | str | Unset
        if isinstance(self.share_class, Unset):
            share_class = UNSET
        else:
            share_class = self.share_class

        shares = self.shares

        unit_hours = self.unit_hours

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "kind": kind,
            }
        )
        if risk_warning_confirmed is not UNSET:
            field_dict["risk_warning_confirmed"] = risk_warning_confirmed
        if share_class is not UNSET:
            field_dict["share_class"] = share_class
        if shares is not UNSET:
            field_dict["shares"] = shares
        if unit_hours is not UNSET:
            field_dict["unit_hours"] = unit_hours

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        kind = d.pop("kind")

        risk_warning_confirmed = d.pop("risk_warning_confirmed", UNSET)

        def _parse_share_class(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        share_class = _parse_share_class(d.pop("share_class", UNSET))

        shares = d.pop("shares", UNSET)

        unit_hours = d.pop("unit_hours", UNSET)

        purchase_in = cls(
            kind=kind,
            risk_warning_confirmed=risk_warning_confirmed,
            share_class=share_class,
            shares=shares,
            unit_hours=unit_hours,
        )

        return purchase_in
