from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.compute_change_request_out_after import ComputeChangeRequestOutAfter
    from ..models.compute_change_request_out_before import ComputeChangeRequestOutBefore


T = TypeVar("T", bound="ComputeChangeRequestOut")


@_attrs_define
class ComputeChangeRequestOut:
    """
    Attributes:
        after (ComputeChangeRequestOutAfter): The voucher's figures after the decision
        before (ComputeChangeRequestOutBefore): The voucher's figures before the decision
        data_centre (None | str): The new data centre's code
        decided_at (datetime.datetime | None):
        decision_note (str):
        id (int):
        kind (str):
        months (int | None):
        notice (None | str): URL of the notice (PDF), once decided
        reason (str):
        reference (str):
        review_note (str):
        reviewed_at (datetime.datetime | None):
        status (str):
        submitted_at (datetime.datetime):
        voucher (str):
    """

    after: ComputeChangeRequestOutAfter
    before: ComputeChangeRequestOutBefore
    data_centre: None | str
    decided_at: datetime.datetime | None
    decision_note: str
    id: int
    kind: str
    months: int | None
    notice: None | str
    reason: str
    reference: str
    review_note: str
    reviewed_at: datetime.datetime | None
    status: str
    submitted_at: datetime.datetime
    voucher: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        after = self.after.to_dict()

        before = self.before.to_dict()

        data_centre: None | str
        data_centre = self.data_centre

        decided_at: None | str
        if isinstance(self.decided_at, datetime.datetime):
            decided_at = self.decided_at.isoformat()
        else:
            decided_at = self.decided_at

        decision_note = self.decision_note

        id = self.id

        kind = self.kind

        months: int | None
        months = self.months

        notice: None | str
        notice = self.notice

        reason = self.reason

        reference = self.reference

        review_note = self.review_note

        reviewed_at: None | str
        if isinstance(self.reviewed_at, datetime.datetime):
            reviewed_at = self.reviewed_at.isoformat()
        else:
            reviewed_at = self.reviewed_at

        status = self.status

        submitted_at = self.submitted_at.isoformat()

        voucher = self.voucher

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "after": after,
                "before": before,
                "data_centre": data_centre,
                "decided_at": decided_at,
                "decision_note": decision_note,
                "id": id,
                "kind": kind,
                "months": months,
                "notice": notice,
                "reason": reason,
                "reference": reference,
                "review_note": review_note,
                "reviewed_at": reviewed_at,
                "status": status,
                "submitted_at": submitted_at,
                "voucher": voucher,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.compute_change_request_out_after import ComputeChangeRequestOutAfter  # noqa: PLC0415
        from ..models.compute_change_request_out_before import ComputeChangeRequestOutBefore  # noqa: PLC0415

        d = dict(src_dict)
        after = ComputeChangeRequestOutAfter.from_dict(d.pop("after"))

        before = ComputeChangeRequestOutBefore.from_dict(d.pop("before"))

        def _parse_data_centre(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        data_centre = _parse_data_centre(d.pop("data_centre"))

        def _parse_decided_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                decided_at_type_0 = datetime.datetime.fromisoformat(data)

                return decided_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        decided_at = _parse_decided_at(d.pop("decided_at"))

        decision_note = d.pop("decision_note")

        id = d.pop("id")

        kind = d.pop("kind")

        def _parse_months(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        months = _parse_months(d.pop("months"))

        def _parse_notice(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        notice = _parse_notice(d.pop("notice"))

        reason = d.pop("reason")

        reference = d.pop("reference")

        review_note = d.pop("review_note")

        def _parse_reviewed_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                reviewed_at_type_0 = datetime.datetime.fromisoformat(data)

                return reviewed_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        reviewed_at = _parse_reviewed_at(d.pop("reviewed_at"))

        status = d.pop("status")

        submitted_at = datetime.datetime.fromisoformat(d.pop("submitted_at"))

        voucher = d.pop("voucher")

        compute_change_request_out = cls(
            after=after,
            before=before,
            data_centre=data_centre,
            decided_at=decided_at,
            decision_note=decision_note,
            id=id,
            kind=kind,
            months=months,
            notice=notice,
            reason=reason,
            reference=reference,
            review_note=review_note,
            reviewed_at=reviewed_at,
            status=status,
            submitted_at=submitted_at,
            voucher=voucher,
        )

        compute_change_request_out.additional_properties = d
        return compute_change_request_out

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
