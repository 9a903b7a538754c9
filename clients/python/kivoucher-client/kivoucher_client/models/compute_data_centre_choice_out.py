from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.price_out import PriceOut


T = TypeVar("T", bound="ComputeDataCentreChoiceOut")


@_attrs_define
class ComputeDataCentreChoiceOut:
    """
    Attributes:
        accepts_applications (bool): True while the Gaia-X evidence is valid: only then may an application name this
            data centre (else 409 data_centre_suspended).
        code (str): What an application's `data_centre` takes.
        evidence (str): The Gaia-X evidence: unverified, valid, expiring (valid, expiring soon) or lapsed.
        evidence_expires_at (datetime.datetime | None):
        gpu_hour_prices (list[PriceOut]): The current prices per GPU hour (EUR, decimal strings), cheapest first.
        location (str):
        name (str):
    """

    accepts_applications: bool
    code: str
    evidence: str
    evidence_expires_at: datetime.datetime | None
    gpu_hour_prices: list[PriceOut]
    location: str
    name: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        accepts_applications = self.accepts_applications

        code = self.code

        evidence = self.evidence

        evidence_expires_at: None | str
        if isinstance(self.evidence_expires_at, datetime.datetime):
            evidence_expires_at = self.evidence_expires_at.isoformat()
        else:
            evidence_expires_at = self.evidence_expires_at

        gpu_hour_prices = []
        for gpu_hour_prices_item_data in self.gpu_hour_prices:
            gpu_hour_prices_item = gpu_hour_prices_item_data.to_dict()
            gpu_hour_prices.append(gpu_hour_prices_item)

        location = self.location

        name = self.name

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "accepts_applications": accepts_applications,
                "code": code,
                "evidence": evidence,
                "evidence_expires_at": evidence_expires_at,
                "gpu_hour_prices": gpu_hour_prices,
                "location": location,
                "name": name,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.price_out import PriceOut  # noqa: PLC0415

        d = dict(src_dict)
        accepts_applications = d.pop("accepts_applications")

        code = d.pop("code")

        evidence = d.pop("evidence")

        def _parse_evidence_expires_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                evidence_expires_at_type_0 = datetime.datetime.fromisoformat(data)

                return evidence_expires_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        evidence_expires_at = _parse_evidence_expires_at(d.pop("evidence_expires_at"))

        gpu_hour_prices = []
        _gpu_hour_prices = d.pop("gpu_hour_prices")
        for gpu_hour_prices_item_data in _gpu_hour_prices:
            gpu_hour_prices_item = PriceOut.from_dict(gpu_hour_prices_item_data)

            gpu_hour_prices.append(gpu_hour_prices_item)

        location = d.pop("location")

        name = d.pop("name")

        compute_data_centre_choice_out = cls(
            accepts_applications=accepts_applications,
            code=code,
            evidence=evidence,
            evidence_expires_at=evidence_expires_at,
            gpu_hour_prices=gpu_hour_prices,
            location=location,
            name=name,
        )

        compute_data_centre_choice_out.additional_properties = d
        return compute_data_centre_choice_out

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
