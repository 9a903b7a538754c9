from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.settlement_einvoice_finding_out import SettlementEinvoiceFindingOut


T = TypeVar("T", bound="SettlementEinvoiceValidationOut")


@_attrs_define
class SettlementEinvoiceValidationOut:
    """
    Attributes:
        customization_id (str):
        findings (list[SettlementEinvoiceFindingOut]):
        is_xrechnung (bool): It claims XRechnung: its rules were applied too
        syntax (str): UBL | CII
    """

    customization_id: str
    findings: list[SettlementEinvoiceFindingOut]
    is_xrechnung: bool
    syntax: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        customization_id = self.customization_id

        findings = []
        for findings_item_data in self.findings:
            findings_item = findings_item_data.to_dict()
            findings.append(findings_item)

        is_xrechnung = self.is_xrechnung

        syntax = self.syntax

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "customization_id": customization_id,
                "findings": findings,
                "is_xrechnung": is_xrechnung,
                "syntax": syntax,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.settlement_einvoice_finding_out import SettlementEinvoiceFindingOut  # noqa: PLC0415

        d = dict(src_dict)
        customization_id = d.pop("customization_id")

        findings = []
        _findings = d.pop("findings")
        for findings_item_data in _findings:
            findings_item = SettlementEinvoiceFindingOut.from_dict(findings_item_data)

            findings.append(findings_item)

        is_xrechnung = d.pop("is_xrechnung")

        syntax = d.pop("syntax")

        settlement_einvoice_validation_out = cls(
            customization_id=customization_id,
            findings=findings,
            is_xrechnung=is_xrechnung,
            syntax=syntax,
        )

        settlement_einvoice_validation_out.additional_properties = d
        return settlement_einvoice_validation_out

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
