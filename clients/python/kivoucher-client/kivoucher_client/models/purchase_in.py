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
        share_class (None | str | Unset):
        shares (int | Unset):  Default: 0.
        unit_hours (int | Unset):  Default: 0.
    """

    kind: str
    share_class: None | str | Unset = UNSET
    shares: int | Unset = 0
    unit_hours: int | Unset = 0

    def to_dict(self) -> dict[str, Any]:
        kind = self.kind

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
            share_class=share_class,
            shares=shares,
            unit_hours=unit_hours,
        )

        return purchase_in
