from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.objection_out import ObjectionOut
    from ..models.receivable_out import ReceivableOut
    from ..models.recovery_case_out_interest_detail import RecoveryCaseOutInterestDetail


T = TypeVar("T", bound="RecoveryCaseOut")


@_attrs_define
class RecoveryCaseOut:
    """
    Attributes:
        amount (str): The principal to be repaid.
        answer (str):
        decided_on (datetime.date | None):
        decision_reason (str):
        granted (str):
        hearing_deadline (datetime.date | None):
        id (int):
        ineffective_on (datetime.date):
        interest (str): § 49a (3) VwVfG interest up to the decision.
        interest_detail (RecoveryCaseOutInterestDetail):
        objection (None | ObjectionOut):
        objection_deadline (datetime.date | None):
        organisation (int):
        origin (str):
        origin_label (str):
        reason (str):
        receivable (None | ReceivableOut):
        status (str): started, hearing, answered, decided, dropped
    """

    amount: str
    answer: str
    decided_on: datetime.date | None
    decision_reason: str
    granted: str
    hearing_deadline: datetime.date | None
    id: int
    ineffective_on: datetime.date
    interest: str
    interest_detail: RecoveryCaseOutInterestDetail
    objection: None | ObjectionOut
    objection_deadline: datetime.date | None
    organisation: int
    origin: str
    origin_label: str
    reason: str
    receivable: None | ReceivableOut
    status: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.objection_out import ObjectionOut  # noqa: PLC0415
        from ..models.receivable_out import ReceivableOut  # noqa: PLC0415

        amount = self.amount

        answer = self.answer

        decided_on: None | str
        if isinstance(self.decided_on, datetime.date):
            decided_on = self.decided_on.isoformat()
        else:
            decided_on = self.decided_on

        decision_reason = self.decision_reason

        granted = self.granted

        hearing_deadline: None | str
        if isinstance(self.hearing_deadline, datetime.date):
            hearing_deadline = self.hearing_deadline.isoformat()
        else:
            hearing_deadline = self.hearing_deadline

        id = self.id

        ineffective_on = self.ineffective_on.isoformat()

        interest = self.interest

        interest_detail = self.interest_detail.to_dict()

        objection: dict[str, Any] | None
        if isinstance(self.objection, ObjectionOut):
            objection = self.objection.to_dict()
        else:
            objection = self.objection

        objection_deadline: None | str
        if isinstance(self.objection_deadline, datetime.date):
            objection_deadline = self.objection_deadline.isoformat()
        else:
            objection_deadline = self.objection_deadline

        organisation = self.organisation

        origin = self.origin

        origin_label = self.origin_label

        reason = self.reason

        receivable: dict[str, Any] | None
        if isinstance(self.receivable, ReceivableOut):
            receivable = self.receivable.to_dict()
        else:
            receivable = self.receivable

        status = self.status

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "amount": amount,
                "answer": answer,
                "decided_on": decided_on,
                "decision_reason": decision_reason,
                "granted": granted,
                "hearing_deadline": hearing_deadline,
                "id": id,
                "ineffective_on": ineffective_on,
                "interest": interest,
                "interest_detail": interest_detail,
                "objection": objection,
                "objection_deadline": objection_deadline,
                "organisation": organisation,
                "origin": origin,
                "origin_label": origin_label,
                "reason": reason,
                "receivable": receivable,
                "status": status,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.objection_out import ObjectionOut  # noqa: PLC0415
        from ..models.receivable_out import ReceivableOut  # noqa: PLC0415
        from ..models.recovery_case_out_interest_detail import RecoveryCaseOutInterestDetail  # noqa: PLC0415

        d = dict(src_dict)
        amount = d.pop("amount")

        answer = d.pop("answer")

        def _parse_decided_on(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                decided_on_type_0 = datetime.date.fromisoformat(data)

                return decided_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        decided_on = _parse_decided_on(d.pop("decided_on"))

        decision_reason = d.pop("decision_reason")

        granted = d.pop("granted")

        def _parse_hearing_deadline(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                hearing_deadline_type_0 = datetime.date.fromisoformat(data)

                return hearing_deadline_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        hearing_deadline = _parse_hearing_deadline(d.pop("hearing_deadline"))

        id = d.pop("id")

        ineffective_on = datetime.date.fromisoformat(d.pop("ineffective_on"))

        interest = d.pop("interest")

        interest_detail = RecoveryCaseOutInterestDetail.from_dict(d.pop("interest_detail"))

        def _parse_objection(data: object) -> None | ObjectionOut:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                objection_type_0 = ObjectionOut.from_dict(data)

                return objection_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | ObjectionOut, data)

        objection = _parse_objection(d.pop("objection"))

        def _parse_objection_deadline(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                objection_deadline_type_0 = datetime.date.fromisoformat(data)

                return objection_deadline_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        objection_deadline = _parse_objection_deadline(d.pop("objection_deadline"))

        organisation = d.pop("organisation")

        origin = d.pop("origin")

        origin_label = d.pop("origin_label")

        reason = d.pop("reason")

        def _parse_receivable(data: object) -> None | ReceivableOut:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                receivable_type_0 = ReceivableOut.from_dict(data)

                return receivable_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | ReceivableOut, data)

        receivable = _parse_receivable(d.pop("receivable"))

        status = d.pop("status")

        recovery_case_out = cls(
            amount=amount,
            answer=answer,
            decided_on=decided_on,
            decision_reason=decision_reason,
            granted=granted,
            hearing_deadline=hearing_deadline,
            id=id,
            ineffective_on=ineffective_on,
            interest=interest,
            interest_detail=interest_detail,
            objection=objection,
            objection_deadline=objection_deadline,
            organisation=organisation,
            origin=origin,
            origin_label=origin_label,
            reason=reason,
            receivable=receivable,
            status=status,
        )

        recovery_case_out.additional_properties = d
        return recovery_case_out

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
