from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="AidIn")


@_attrs_define
class AidIn:
    """
    Attributes:
        amount (int | str):
        granted_on (datetime.date):
        granting_body (str):
    """

    amount: int | str
    granted_on: datetime.date
    granting_body: str

    def to_dict(self) -> dict[str, Any]:
        amount: int | str
        amount = self.amount

        granted_on = self.granted_on.isoformat()

        granting_body = self.granting_body

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "amount": amount,
                "granted_on": granted_on,
                "granting_body": granting_body,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_amount(data: object) -> int | str:
            return cast(int | str, data)

        amount = _parse_amount(d.pop("amount"))

        granted_on = datetime.date.fromisoformat(d.pop("granted_on"))

        granting_body = d.pop("granting_body")

        aid_in = cls(
            amount=amount,
            granted_on=granted_on,
            granting_body=granting_body,
        )

        return aid_in
