from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="InvestorDeclareIn")


@_attrs_define
class InvestorDeclareIn:
    """
    Attributes:
        natural_person (bool):
        annual_income (float | None | str | Unset):
        net_worth (float | None | str | Unset):
    """

    natural_person: bool
    annual_income: float | None | str | Unset = UNSET
    net_worth: float | None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        natural_person = self.natural_person

        annual_income: float | None | str | Unset
        if isinstance(self.annual_income, Unset):
            annual_income = UNSET
        else:
            annual_income = self.annual_income

        net_worth: float | None | str | Unset
        if isinstance(self.net_worth, Unset):
            net_worth = UNSET
        else:
            net_worth = self.net_worth

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "natural_person": natural_person,
            }
        )
        if annual_income is not UNSET:
            field_dict["annual_income"] = annual_income
        if net_worth is not UNSET:
            field_dict["net_worth"] = net_worth

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        natural_person = d.pop("natural_person")

        def _parse_annual_income(data: object) -> float | None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | str | Unset, data)

        annual_income = _parse_annual_income(d.pop("annual_income", UNSET))

        def _parse_net_worth(data: object) -> float | None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | str | Unset, data)

        net_worth = _parse_net_worth(d.pop("net_worth", UNSET))

        investor_declare_in = cls(
            natural_person=natural_person,
            annual_income=annual_income,
            net_worth=net_worth,
        )

        return investor_declare_in
