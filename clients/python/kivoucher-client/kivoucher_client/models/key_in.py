from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.key_in_jwk import KeyInJwk


T = TypeVar("T", bound="KeyIn")


@_attrs_define
class KeyIn:
    """
    Attributes:
        jwk (KeyInJwk):
        kid (str):
    """

    jwk: KeyInJwk
    kid: str

    def to_dict(self) -> dict[str, Any]:
        jwk = self.jwk.to_dict()

        kid = self.kid

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "jwk": jwk,
                "kid": kid,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.key_in_jwk import KeyInJwk  # noqa: PLC0415

        d = dict(src_dict)
        jwk = KeyInJwk.from_dict(d.pop("jwk"))

        kid = d.pop("kid")

        key_in = cls(
            jwk=jwk,
            kid=kid,
        )

        return key_in
