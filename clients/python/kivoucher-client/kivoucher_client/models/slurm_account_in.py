from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="SlurmAccountIn")


@_attrs_define
class SlurmAccountIn:
    """
    Attributes:
        account (str): The Slurm account: a lower-case letter first, then lower-case letters, digits, '_' and '-', at
            most 64 characters (sacctmgr stores account names in lower case). Unique per data centre. An empty string
            removes the mapping (and the users).
        users (list[str] | Unset): The Slurm (POSIX) user names of the company's people: each a lower-case letter or '_'
            first, then lower-case letters, digits, '_' and '-', at most 32 characters; at most 100, none twice. Missing:
            none (the list is replaced).
    """

    account: str
    users: list[str] | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        account = self.account

        users: list[str] | Unset = UNSET
        if not isinstance(self.users, Unset):
            users = self.users

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "account": account,
            }
        )
        if users is not UNSET:
            field_dict["users"] = users

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        account = d.pop("account")

        users = cast(list[str], d.pop("users", UNSET))

        slurm_account_in = cls(
            account=account,
            users=users,
        )

        return slurm_account_in
