from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="InstalmentFigures")


@_attrs_define
class InstalmentFigures:
    """
    Attributes:
        approved (str): Sum of the approved instalments
        available (str): What further instalments may still draw
        count (int): Instalments requested (rejected ones do not count)
        count_max (int): Instalments the programme allows
        grant (str): The voucher's grant
        rate (str): Subsidy rate applied to the eligible costs
        share_limit (str): That share in euros
        share_max (str): Share of the grant drawable before the final proof
    """

    approved: str
    available: str
    count: int
    count_max: int
    grant: str
    rate: str
    share_limit: str
    share_max: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        approved = self.approved

        available = self.available

        count = self.count

        count_max = self.count_max

        grant = self.grant

        rate = self.rate

        share_limit = self.share_limit

        share_max = self.share_max

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "approved": approved,
                "available": available,
                "count": count,
                "count_max": count_max,
                "grant": grant,
                "rate": rate,
                "share_limit": share_limit,
                "share_max": share_max,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        approved = d.pop("approved")

        available = d.pop("available")

        count = d.pop("count")

        count_max = d.pop("count_max")

        grant = d.pop("grant")

        rate = d.pop("rate")

        share_limit = d.pop("share_limit")

        share_max = d.pop("share_max")

        instalment_figures = cls(
            approved=approved,
            available=available,
            count=count,
            count_max=count_max,
            grant=grant,
            rate=rate,
            share_limit=share_limit,
            share_max=share_max,
        )

        instalment_figures.additional_properties = d
        return instalment_figures

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
