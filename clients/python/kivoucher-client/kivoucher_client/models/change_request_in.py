from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="ChangeRequestIn")


@_attrs_define
class ChangeRequestIn:
    """
    Attributes:
        kind (str): `extension` (with `months`), `provider` (with `provider`) or `costs` (with `planned_costs`)
        reason (str): Why the change is needed
        months (int | None | Unset): extension: months to add (at most the programme's maximum)
        planned_costs (int | None | str | Unset): costs: the new planned costs (EUR)
        provider (int | None | Unset): provider: The provider's organisation id: `organisation_id` of an entry of the
            provider directory (GET /api/v1/providers). Only a provider accredited for the call's programme is accepted
            (else 422 `invalid_provider`).
    """

    kind: str
    reason: str
    months: int | None | Unset = UNSET
    planned_costs: int | None | str | Unset = UNSET
    provider: int | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        kind = self.kind

        reason = self.reason

        months: int | None | Unset
        if isinstance(self.months, Unset):
            months = UNSET
        else:
            months = self.months

        planned_costs: int | None | str | Unset
        if isinstance(self.planned_costs, Unset):
            planned_costs = UNSET
        else:
            planned_costs = self.planned_costs

        provider: int | None | Unset
        if isinstance(self.provider, Unset):
            provider = UNSET
        else:
            provider = self.provider

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "kind": kind,
                "reason": reason,
            }
        )
        if months is not UNSET:
            field_dict["months"] = months
        if planned_costs is not UNSET:
            field_dict["planned_costs"] = planned_costs
        if provider is not UNSET:
            field_dict["provider"] = provider

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        kind = d.pop("kind")

        reason = d.pop("reason")

        def _parse_months(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        months = _parse_months(d.pop("months", UNSET))

        def _parse_planned_costs(data: object) -> int | None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | str | Unset, data)

        planned_costs = _parse_planned_costs(d.pop("planned_costs", UNSET))

        def _parse_provider(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        provider = _parse_provider(d.pop("provider", UNSET))

        change_request_in = cls(
            kind=kind,
            reason=reason,
            months=months,
            planned_costs=planned_costs,
            provider=provider,
        )

        return change_request_in
