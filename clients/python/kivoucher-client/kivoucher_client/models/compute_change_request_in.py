from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="ComputeChangeRequestIn")


@_attrs_define
class ComputeChangeRequestIn:
    """
    Attributes:
        kind (str): `extension` (with `months`) or `data_centre` (with `data_centre`)
        reason (str): Why the change is needed
        data_centre (None | str | Unset): data_centre: the code of another data centre (GET /compute/data-centres)
        months (int | None | Unset): extension: months to add (at most the programme's maximum)
    """

    kind: str
    reason: str
    data_centre: None | str | Unset = UNSET
    months: int | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        kind = self.kind

        reason = self.reason

        data_centre: None | str | Unset
        if isinstance(self.data_centre, Unset):
            data_centre = UNSET
        else:
            data_centre = self.data_centre

        months: int | None | Unset
        if isinstance(self.months, Unset):
            months = UNSET
        else:
            months = self.months

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "kind": kind,
                "reason": reason,
            }
        )
        if data_centre is not UNSET:
            field_dict["data_centre"] = data_centre
        if months is not UNSET:
            field_dict["months"] = months

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        kind = d.pop("kind")

        reason = d.pop("reason")

        def _parse_data_centre(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        data_centre = _parse_data_centre(d.pop("data_centre", UNSET))

        def _parse_months(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        months = _parse_months(d.pop("months", UNSET))

        compute_change_request_in = cls(
            kind=kind,
            reason=reason,
            data_centre=data_centre,
            months=months,
        )

        return compute_change_request_in
