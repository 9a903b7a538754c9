from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="InstalmentCheckIn")


@_attrs_define
class InstalmentCheckIn:
    """
    Attributes:
        accept (bool):
        eligible_costs (None | str | Unset):
        note (str | Unset):  Default: ''.
    """

    accept: bool
    eligible_costs: None | str | Unset = UNSET
    note: str | Unset = ""

    def to_dict(self) -> dict[str, Any]:
        accept = self.accept

        eligible_costs: None | str | Unset
        if isinstance(self.eligible_costs, Unset):
            eligible_costs = UNSET
        else:
            eligible_costs = self.eligible_costs

        note = self.note

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "accept": accept,
            }
        )
        if eligible_costs is not UNSET:
            field_dict["eligible_costs"] = eligible_costs
        if note is not UNSET:
            field_dict["note"] = note

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        accept = d.pop("accept")

        def _parse_eligible_costs(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        eligible_costs = _parse_eligible_costs(d.pop("eligible_costs", UNSET))

        note = d.pop("note", UNSET)

        instalment_check_in = cls(
            accept=accept,
            eligible_costs=eligible_costs,
            note=note,
        )

        return instalment_check_in
