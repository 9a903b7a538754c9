from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="StatementLineOut")


@_attrs_define
class StatementLineOut:
    """
    Attributes:
        amount (None | str): null: a batch transaction without amount.
        debtor (str):
        message (str):
        outcome (str): confirmed, already_confirmed, amount_mismatch, amount_missing, unknown_reference, wrong_currency,
            refused, held_kyc (the exact payment is kept on its purchase until the buyer's KYC check is approved) or debit.
        reference (None | str):
        sequence (int | None):
    """

    amount: None | str
    debtor: str
    message: str
    outcome: str
    reference: None | str
    sequence: int | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        amount: None | str
        amount = self.amount

        debtor = self.debtor

        message = self.message

        outcome = self.outcome

        reference: None | str
        reference = self.reference

        sequence: int | None
        sequence = self.sequence

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "amount": amount,
                "debtor": debtor,
                "message": message,
                "outcome": outcome,
                "reference": reference,
                "sequence": sequence,
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

        debtor = d.pop("debtor")

        message = d.pop("message")

        outcome = d.pop("outcome")

        def _parse_reference(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        reference = _parse_reference(d.pop("reference"))

        def _parse_sequence(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        sequence = _parse_sequence(d.pop("sequence"))

        statement_line_out = cls(
            amount=amount,
            debtor=debtor,
            message=message,
            outcome=outcome,
            reference=reference,
            sequence=sequence,
        )

        statement_line_out.additional_properties = d
        return statement_line_out

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
