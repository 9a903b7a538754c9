from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="BankStatementEntryOut")


@_attrs_define
class BankStatementEntryOut:
    """
    Attributes:
        amount (None | str):
        credit (bool):
        end_to_end_id (str):
        entry_id (str):
        kind (str):
        message (str):
        payout (int | None):
        reference (str):
        result (str):
    """

    amount: None | str
    credit: bool
    end_to_end_id: str
    entry_id: str
    kind: str
    message: str
    payout: int | None
    reference: str
    result: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        amount: None | str
        amount = self.amount

        credit = self.credit

        end_to_end_id = self.end_to_end_id

        entry_id = self.entry_id

        kind = self.kind

        message = self.message

        payout: int | None
        payout = self.payout

        reference = self.reference

        result = self.result

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "amount": amount,
                "credit": credit,
                "end_to_end_id": end_to_end_id,
                "entry_id": entry_id,
                "kind": kind,
                "message": message,
                "payout": payout,
                "reference": reference,
                "result": result,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_amount(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        amount = _parse_amount(d.pop("amount"))

        credit = d.pop("credit")

        end_to_end_id = d.pop("end_to_end_id")

        entry_id = d.pop("entry_id")

        kind = d.pop("kind")

        message = d.pop("message")

        def _parse_payout(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        payout = _parse_payout(d.pop("payout"))

        reference = d.pop("reference")

        result = d.pop("result")

        bank_statement_entry_out = cls(
            amount=amount,
            credit=credit,
            end_to_end_id=end_to_end_id,
            entry_id=entry_id,
            kind=kind,
            message=message,
            payout=payout,
            reference=reference,
            result=result,
        )

        bank_statement_entry_out.additional_properties = d
        return bank_statement_entry_out

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
