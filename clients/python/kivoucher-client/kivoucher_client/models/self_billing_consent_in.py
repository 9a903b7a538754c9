from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="SelfBillingConsentIn")


@_attrs_define
class SelfBillingConsentIn:
    """
    Attributes:
        consent (bool):
    """

    consent: bool

    def to_dict(self) -> dict[str, Any]:
        consent = self.consent

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "consent": consent,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        consent = d.pop("consent")

        self_billing_consent_in = cls(
            consent=consent,
        )

        return self_billing_consent_in
