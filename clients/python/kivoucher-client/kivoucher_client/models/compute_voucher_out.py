from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="ComputeVoucherOut")


@_attrs_define
class ComputeVoucherOut:
    """
    Attributes:
        balance (str):
        code (str):
        slurm_account (None | str): The Slurm account mapped to the voucher (null: none yet).
        slurm_users (list[str]): The POSIX user names to associate with the Slurm account, sorted.
        status (str): active, exhausted (used up), expired or cancelled.
        valid_until (str):
        value (str):
    """

    balance: str
    code: str
    slurm_account: None | str
    slurm_users: list[str]
    status: str
    valid_until: str
    value: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        balance = self.balance

        code = self.code

        slurm_account: None | str
        slurm_account = self.slurm_account

        slurm_users = self.slurm_users

        status = self.status

        valid_until = self.valid_until

        value = self.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "balance": balance,
                "code": code,
                "slurm_account": slurm_account,
                "slurm_users": slurm_users,
                "status": status,
                "valid_until": valid_until,
                "value": value,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        balance = d.pop("balance")

        code = d.pop("code")

        def _parse_slurm_account(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        slurm_account = _parse_slurm_account(d.pop("slurm_account"))

        slurm_users = cast(list[str], d.pop("slurm_users"))

        status = d.pop("status")

        valid_until = d.pop("valid_until")

        value = d.pop("value")

        compute_voucher_out = cls(
            balance=balance,
            code=code,
            slurm_account=slurm_account,
            slurm_users=slurm_users,
            status=status,
            valid_until=valid_until,
            value=value,
        )

        compute_voucher_out.additional_properties = d
        return compute_voucher_out

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
