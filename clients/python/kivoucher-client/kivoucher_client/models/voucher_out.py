from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="VoucherOut")


@_attrs_define
class VoucherOut:
    """
    Attributes:
        amount (str):
        application (int):
        code (str):
        company (str):
        provider (None | str):
        status (str):
        valid_from (datetime.date):
        valid_until (datetime.date):
    """

    amount: str
    application: int
    code: str
    company: str
    provider: None | str
    status: str
    valid_from: datetime.date
    valid_until: datetime.date
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        amount = self.amount

        application = self.application

        code = self.code

        company = self.company

        provider: None | str
        provider = self.provider

        status = self.status

        valid_from = self.valid_from.isoformat()

        valid_until = self.valid_until.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "amount": amount,
                "application": application,
                "code": code,
                "company": company,
                "provider": provider,
                "status": status,
                "valid_from": valid_from,
                "valid_until": valid_until,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        amount = d.pop("amount")

        application = d.pop("application")

        code = d.pop("code")

        company = d.pop("company")

        def _parse_provider(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        provider = _parse_provider(d.pop("provider"))

        status = d.pop("status")

        valid_from = datetime.date.fromisoformat(d.pop("valid_from"))

        valid_until = datetime.date.fromisoformat(d.pop("valid_until"))

        voucher_out = cls(
            amount=amount,
            application=application,
            code=code,
            company=company,
            provider=provider,
            status=status,
            valid_from=valid_from,
            valid_until=valid_until,
        )

        voucher_out.additional_properties = d
        return voucher_out

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
