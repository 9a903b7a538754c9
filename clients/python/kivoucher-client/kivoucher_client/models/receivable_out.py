from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="ReceivableOut")


@_attrs_define
class ReceivableOut:
    """
    Attributes:
        amount (str): Principal as it stands.
        amount_repaid (str):
        amount_written_off (str):
        closed_at (datetime.datetime | None):
        created_at (datetime.datetime):
        id (int):
        interest (str):
        kind (str):
        organisation (int):
        origin (str):
        outstanding (str):
        reference (str): Put this into the remittance information.
        status (str): open (also when partly repaid), paid, written_off
    """

    amount: str
    amount_repaid: str
    amount_written_off: str
    closed_at: datetime.datetime | None
    created_at: datetime.datetime
    id: int
    interest: str
    kind: str
    organisation: int
    origin: str
    outstanding: str
    reference: str
    status: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        amount = self.amount

        amount_repaid = self.amount_repaid

        amount_written_off = self.amount_written_off

        closed_at: None | str
        if isinstance(self.closed_at, datetime.datetime):
            closed_at = self.closed_at.isoformat()
        else:
            closed_at = self.closed_at

        created_at = self.created_at.isoformat()

        id = self.id

        interest = self.interest

        kind = self.kind

        organisation = self.organisation

        origin = self.origin

        outstanding = self.outstanding

        reference = self.reference

        status = self.status

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "amount": amount,
                "amount_repaid": amount_repaid,
                "amount_written_off": amount_written_off,
                "closed_at": closed_at,
                "created_at": created_at,
                "id": id,
                "interest": interest,
                "kind": kind,
                "organisation": organisation,
                "origin": origin,
                "outstanding": outstanding,
                "reference": reference,
                "status": status,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        amount = d.pop("amount")

        amount_repaid = d.pop("amount_repaid")

        amount_written_off = d.pop("amount_written_off")

        def _parse_closed_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                closed_at_type_0 = datetime.datetime.fromisoformat(data)

                return closed_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        closed_at = _parse_closed_at(d.pop("closed_at"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        id = d.pop("id")

        interest = d.pop("interest")

        kind = d.pop("kind")

        organisation = d.pop("organisation")

        origin = d.pop("origin")

        outstanding = d.pop("outstanding")

        reference = d.pop("reference")

        status = d.pop("status")

        receivable_out = cls(
            amount=amount,
            amount_repaid=amount_repaid,
            amount_written_off=amount_written_off,
            closed_at=closed_at,
            created_at=created_at,
            id=id,
            interest=interest,
            kind=kind,
            organisation=organisation,
            origin=origin,
            outstanding=outstanding,
            reference=reference,
            status=status,
        )

        receivable_out.additional_properties = d
        return receivable_out

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
