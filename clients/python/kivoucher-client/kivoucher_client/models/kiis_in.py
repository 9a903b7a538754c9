from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="KiisIn")


@_attrs_define
class KiisIn:
    """
    Attributes:
        complaints (str): G: complaints.
        fees (str): H: fees, information and legal costs.
        investor_rights (str): F: investor rights.
        issuer (str): A: project owner (issuer, legal form, seat, management).
        offer_terms (str): D: the offer of the shares.
        process_conditions (str): B: the process and its conditions (target, deadline, target missed).
        project (str): A: the crowdfunding project.
        risk_factors (str): C: risk factors.
        spv (str | Unset): E: special purpose vehicle (may be empty). Default: ''.
    """

    complaints: str
    fees: str
    investor_rights: str
    issuer: str
    offer_terms: str
    process_conditions: str
    project: str
    risk_factors: str
    spv: str | Unset = ""

    def to_dict(self) -> dict[str, Any]:
        complaints = self.complaints

        fees = self.fees

        investor_rights = self.investor_rights

        issuer = self.issuer

        offer_terms = self.offer_terms

        process_conditions = self.process_conditions

        project = self.project

        risk_factors = self.risk_factors

        spv = self.spv

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "complaints": complaints,
                "fees": fees,
                "investor_rights": investor_rights,
                "issuer": issuer,
                "offer_terms": offer_terms,
                "process_conditions": process_conditions,
                "project": project,
                "risk_factors": risk_factors,
            }
        )
        if spv is not UNSET:
            field_dict["spv"] = spv

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        complaints = d.pop("complaints")

        fees = d.pop("fees")

        investor_rights = d.pop("investor_rights")

        issuer = d.pop("issuer")

        offer_terms = d.pop("offer_terms")

        process_conditions = d.pop("process_conditions")

        project = d.pop("project")

        risk_factors = d.pop("risk_factors")

        spv = d.pop("spv", UNSET)

        kiis_in = cls(
            complaints=complaints,
            fees=fees,
            investor_rights=investor_rights,
            issuer=issuer,
            offer_terms=offer_terms,
            process_conditions=process_conditions,
            project=project,
            risk_factors=risk_factors,
            spv=spv,
        )

        return kiis_in
