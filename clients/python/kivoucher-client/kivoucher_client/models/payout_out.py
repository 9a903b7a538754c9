from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.bank_details_change_ref import BankDetailsChangeRef


T = TypeVar("T", bound="PayoutOut")


@_attrs_define
class PayoutOut:
    """
    Attributes:
        amount (str):
        bank_details_change (BankDetailsChangeRef | None):
        batch (None | str):
        beneficiary (int):
        bic (str):
        created_at (datetime.datetime):
        creditor (str):
        end_to_end_id (str):
        held (bool):
        iban (str):
        id (int):
        origin (str):
        paid_at (datetime.datetime | None):
        prepared_by (int | None):
        purpose (str):
        reason (str):
        released_at (datetime.datetime | None):
        released_by (int | None):
        return_code (str):
        status (str):
    """

    amount: str
    bank_details_change: BankDetailsChangeRef | None
    batch: None | str
    beneficiary: int
    bic: str
    created_at: datetime.datetime
    creditor: str
    end_to_end_id: str
    held: bool
    iban: str
    id: int
    origin: str
    paid_at: datetime.datetime | None
    prepared_by: int | None
    purpose: str
    reason: str
    released_at: datetime.datetime | None
    released_by: int | None
    return_code: str
    status: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.bank_details_change_ref import BankDetailsChangeRef  # noqa: PLC0415

        amount = self.amount

        bank_details_change: dict[str, Any] | None
        if isinstance(self.bank_details_change, BankDetailsChangeRef):
            bank_details_change = self.bank_details_change.to_dict()
        else:
            bank_details_change = self.bank_details_change

        batch: None | str
        batch = self.batch

        beneficiary = self.beneficiary

        bic = self.bic

        created_at = self.created_at.isoformat()

        creditor = self.creditor

        end_to_end_id = self.end_to_end_id

        held = self.held

        iban = self.iban

        id = self.id

        origin = self.origin

        paid_at: None | str
        if isinstance(self.paid_at, datetime.datetime):
            paid_at = self.paid_at.isoformat()
        else:
            paid_at = self.paid_at

        prepared_by: int | None
        prepared_by = self.prepared_by

        purpose = self.purpose

        reason = self.reason

        released_at: None | str
        if isinstance(self.released_at, datetime.datetime):
            released_at = self.released_at.isoformat()
        else:
            released_at = self.released_at

        released_by: int | None
        released_by = self.released_by

        return_code = self.return_code

        status = self.status

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "amount": amount,
                "bank_details_change": bank_details_change,
                "batch": batch,
                "beneficiary": beneficiary,
                "bic": bic,
                "created_at": created_at,
                "creditor": creditor,
                "end_to_end_id": end_to_end_id,
                "held": held,
                "iban": iban,
                "id": id,
                "origin": origin,
                "paid_at": paid_at,
                "prepared_by": prepared_by,
                "purpose": purpose,
                "reason": reason,
                "released_at": released_at,
                "released_by": released_by,
                "return_code": return_code,
                "status": status,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.bank_details_change_ref import BankDetailsChangeRef  # noqa: PLC0415

        d = dict(src_dict)
        amount = d.pop("amount")

        def _parse_bank_details_change(data: object) -> BankDetailsChangeRef | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                bank_details_change_type_0 = BankDetailsChangeRef.from_dict(data)

                return bank_details_change_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(BankDetailsChangeRef | None, data)

        bank_details_change = _parse_bank_details_change(d.pop("bank_details_change"))

        def _parse_batch(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        batch = _parse_batch(d.pop("batch"))

        beneficiary = d.pop("beneficiary")

        bic = d.pop("bic")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        creditor = d.pop("creditor")

        end_to_end_id = d.pop("end_to_end_id")

        held = d.pop("held")

        iban = d.pop("iban")

        id = d.pop("id")

        origin = d.pop("origin")

        def _parse_paid_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                paid_at_type_0 = datetime.datetime.fromisoformat(data)

                return paid_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        paid_at = _parse_paid_at(d.pop("paid_at"))

        def _parse_prepared_by(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        prepared_by = _parse_prepared_by(d.pop("prepared_by"))

        purpose = d.pop("purpose")

        reason = d.pop("reason")

        def _parse_released_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                released_at_type_0 = datetime.datetime.fromisoformat(data)

                return released_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        released_at = _parse_released_at(d.pop("released_at"))

        def _parse_released_by(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        released_by = _parse_released_by(d.pop("released_by"))

        return_code = d.pop("return_code")

        status = d.pop("status")

        payout_out = cls(
            amount=amount,
            bank_details_change=bank_details_change,
            batch=batch,
            beneficiary=beneficiary,
            bic=bic,
            created_at=created_at,
            creditor=creditor,
            end_to_end_id=end_to_end_id,
            held=held,
            iban=iban,
            id=id,
            origin=origin,
            paid_at=paid_at,
            prepared_by=prepared_by,
            purpose=purpose,
            reason=reason,
            released_at=released_at,
            released_by=released_by,
            return_code=return_code,
            status=status,
        )

        payout_out.additional_properties = d
        return payout_out

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
