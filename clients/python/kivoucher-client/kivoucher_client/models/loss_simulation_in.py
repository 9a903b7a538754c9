from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="LossSimulationIn")


@_attrs_define
class LossSimulationIn:
    """
    Attributes:
        amount (float | str): The amount you plan to invest (EUR).
        net_worth (float | str):
        annual_income (float | None | str | Unset):
    """

    amount: float | str
    net_worth: float | str
    annual_income: float | None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        amount: float | str
        amount = self.amount

        net_worth: float | str
        net_worth = self.net_worth

        annual_income: float | None | str | Unset
        if isinstance(self.annual_income, Unset):
            annual_income = UNSET
        else:
            annual_income = self.annual_income

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "amount": amount,
                "net_worth": net_worth,
            }
        )
        if annual_income is not UNSET:
            field_dict["annual_income"] = annual_income

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_amount(data: object) -> float | str:
            return cast(float | str, data)

        amount = _parse_amount(d.pop("amount"))

        def _parse_net_worth(data: object) -> float | str:
            return cast(float | str, data)

        net_worth = _parse_net_worth(d.pop("net_worth"))

        def _parse_annual_income(data: object) -> float | None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | str | Unset, data)

        annual_income = _parse_annual_income(d.pop("annual_income", UNSET))

        loss_simulation_in = cls(
            amount=amount,
            net_worth=net_worth,
            annual_income=annual_income,
        )

        return loss_simulation_in
