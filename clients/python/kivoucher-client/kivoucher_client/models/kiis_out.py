from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="KiisOut")


@_attrs_define
class KiisOut:
    """
    Attributes:
        complaints (str):
        fees (str):
        investor_rights (str):
        issuer (str):
        offer (str):
        offer_terms (str):
        process_conditions (str):
        project (str):
        published_at (datetime.datetime):
        risk_factors (str):
        share_class (str):
        spv (str):
        version (int):
    """

    complaints: str
    fees: str
    investor_rights: str
    issuer: str
    offer: str
    offer_terms: str
    process_conditions: str
    project: str
    published_at: datetime.datetime
    risk_factors: str
    share_class: str
    spv: str
    version: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        complaints = self.complaints

        fees = self.fees

        investor_rights = self.investor_rights

        issuer = self.issuer

        offer = self.offer

        offer_terms = self.offer_terms

        process_conditions = self.process_conditions

        project = self.project

        published_at = self.published_at.isoformat()

        risk_factors = self.risk_factors

        share_class = self.share_class

        spv = self.spv

        version = self.version

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "complaints": complaints,
                "fees": fees,
                "investor_rights": investor_rights,
                "issuer": issuer,
                "offer": offer,
                "offer_terms": offer_terms,
                "process_conditions": process_conditions,
                "project": project,
                "published_at": published_at,
                "risk_factors": risk_factors,
                "share_class": share_class,
                "spv": spv,
                "version": version,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        complaints = d.pop("complaints")

        fees = d.pop("fees")

        investor_rights = d.pop("investor_rights")

        issuer = d.pop("issuer")

        offer = d.pop("offer")

        offer_terms = d.pop("offer_terms")

        process_conditions = d.pop("process_conditions")

        project = d.pop("project")

        published_at = datetime.datetime.fromisoformat(d.pop("published_at"))

        risk_factors = d.pop("risk_factors")

        share_class = d.pop("share_class")

        spv = d.pop("spv")

        version = d.pop("version")

        kiis_out = cls(
            complaints=complaints,
            fees=fees,
            investor_rights=investor_rights,
            issuer=issuer,
            offer=offer,
            offer_terms=offer_terms,
            process_conditions=process_conditions,
            project=project,
            published_at=published_at,
            risk_factors=risk_factors,
            share_class=share_class,
            spv=spv,
            version=version,
        )

        kiis_out.additional_properties = d
        return kiis_out

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
