from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="CredentialIn")


@_attrs_define
class CredentialIn:
    """
    Attributes:
        credential (Any):
        kind (str):
    """

    credential: Any
    kind: str

    def to_dict(self) -> dict[str, Any]:
        credential = self.credential

        kind = self.kind

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "credential": credential,
                "kind": kind,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        credential = d.pop("credential")

        kind = d.pop("kind")

        credential_in = cls(
            credential=credential,
            kind=kind,
        )

        return credential_in
