from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="DataCentreOut")


@_attrs_define
class DataCentreOut:
    """
    Attributes:
        code (str):
        evidence (str):
        keys (list[str]):
        location (str):
        organisation (str):
        self_billing_consent (bool): The data centre lets the programme issue its invoices (Gutschrift)
        self_billing_consent_at (datetime.datetime | None):
    """

    code: str
    evidence: str
    keys: list[str]
    location: str
    organisation: str
    self_billing_consent: bool
    self_billing_consent_at: datetime.datetime | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        code = self.code

        evidence = self.evidence

        keys = self.keys

        location = self.location

        organisation = self.organisation

        self_billing_consent = self.self_billing_consent

        self_billing_consent_at: None | str
        if isinstance(self.self_billing_consent_at, datetime.datetime):
            self_billing_consent_at = self.self_billing_consent_at.isoformat()
        else:
            self_billing_consent_at = self.self_billing_consent_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "code": code,
                "evidence": evidence,
                "keys": keys,
                "location": location,
                "organisation": organisation,
                "self_billing_consent": self_billing_consent,
                "self_billing_consent_at": self_billing_consent_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        code = d.pop("code")

        evidence = d.pop("evidence")

        keys = cast(list[str], d.pop("keys"))

        location = d.pop("location")

        organisation = d.pop("organisation")

        self_billing_consent = d.pop("self_billing_consent")

        def _parse_self_billing_consent_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                self_billing_consent_at_type_0 = datetime.datetime.fromisoformat(data)

                return self_billing_consent_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        self_billing_consent_at = _parse_self_billing_consent_at(d.pop("self_billing_consent_at"))

        data_centre_out = cls(
            code=code,
            evidence=evidence,
            keys=keys,
            location=location,
            organisation=organisation,
            self_billing_consent=self_billing_consent,
            self_billing_consent_at=self_billing_consent_at,
        )

        data_centre_out.additional_properties = d
        return data_centre_out

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
