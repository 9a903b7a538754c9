from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="JoinRequestIn")


@_attrs_define
class JoinRequestIn:
    """
    Attributes:
        message (str | Unset): For the owners: who you are Default: ''.
        register_court (str | Unset):  Default: ''.
        register_number (str | Unset):  Default: ''.
        vat_id (str | Unset):  Default: ''.
    """

    message: str | Unset = ""
    register_court: str | Unset = ""
    register_number: str | Unset = ""
    vat_id: str | Unset = ""

    def to_dict(self) -> dict[str, Any]:
        message = self.message

        register_court = self.register_court

        register_number = self.register_number

        vat_id = self.vat_id

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if message is not UNSET:
            field_dict["message"] = message
        if register_court is not UNSET:
            field_dict["register_court"] = register_court
        if register_number is not UNSET:
            field_dict["register_number"] = register_number
        if vat_id is not UNSET:
            field_dict["vat_id"] = vat_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        message = d.pop("message", UNSET)

        register_court = d.pop("register_court", UNSET)

        register_number = d.pop("register_number", UNSET)

        vat_id = d.pop("vat_id", UNSET)

        join_request_in = cls(
            message=message,
            register_court=register_court,
            register_number=register_number,
            vat_id=vat_id,
        )

        return join_request_in
