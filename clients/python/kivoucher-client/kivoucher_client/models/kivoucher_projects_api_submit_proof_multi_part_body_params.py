from __future__ import annotations

from collections.abc import Mapping
from io import BytesIO
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from .. import types
from ..types import UNSET, File, Unset

T = TypeVar("T", bound="KivoucherProjectsApiSubmitProofMultiPartBodyParams")


@_attrs_define
class KivoucherProjectsApiSubmitProofMultiPartBodyParams:
    """
    Attributes:
        invoice (File):
        report (str):
        gross (str | Unset):  Default: ''.
        invoice_date (str | Unset):  Default: ''.
        invoice_number (str | Unset):  Default: ''.
        net (str | Unset):  Default: ''.
        vat (str | Unset):  Default: ''.
    """

    invoice: File
    report: str
    gross: str | Unset = ""
    invoice_date: str | Unset = ""
    invoice_number: str | Unset = ""
    net: str | Unset = ""
    vat: str | Unset = ""
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        invoice = self.invoice.to_tuple()

        report = self.report

        gross = self.gross

        invoice_date = self.invoice_date

        invoice_number = self.invoice_number

        net = self.net

        vat = self.vat

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "invoice": invoice,
                "report": report,
            }
        )
        if gross is not UNSET:
            field_dict["gross"] = gross
        if invoice_date is not UNSET:
            field_dict["invoice_date"] = invoice_date
        if invoice_number is not UNSET:
            field_dict["invoice_number"] = invoice_number
        if net is not UNSET:
            field_dict["net"] = net
        if vat is not UNSET:
            field_dict["vat"] = vat

        return field_dict

    def to_multipart(self) -> types.RequestFiles:
        files: types.RequestFiles = []

        files.append(("invoice", self.invoice.to_tuple()))

        files.append(("report", (None, str(self.report).encode(), "text/plain")))

        if not isinstance(self.gross, Unset):
            files.append(("gross", (None, str(self.gross).encode(), "text/plain")))

        if not isinstance(self.invoice_date, Unset):
            files.append(("invoice_date", (None, str(self.invoice_date).encode(), "text/plain")))

        if not isinstance(self.invoice_number, Unset):
            files.append(("invoice_number", (None, str(self.invoice_number).encode(), "text/plain")))

        if not isinstance(self.net, Unset):
            files.append(("net", (None, str(self.net).encode(), "text/plain")))

        if not isinstance(self.vat, Unset):
            files.append(("vat", (None, str(self.vat).encode(), "text/plain")))

        for prop_name, prop in self.additional_properties.items():
            files.append((prop_name, (None, str(prop).encode(), "text/plain")))

        return files

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        invoice = File(payload=BytesIO(d.pop("invoice")))

        report = d.pop("report")

        gross = d.pop("gross", UNSET)

        invoice_date = d.pop("invoice_date", UNSET)

        invoice_number = d.pop("invoice_number", UNSET)

        net = d.pop("net", UNSET)

        vat = d.pop("vat", UNSET)

        kivoucher_projects_api_submit_proof_multi_part_body_params = cls(
            invoice=invoice,
            report=report,
            gross=gross,
            invoice_date=invoice_date,
            invoice_number=invoice_number,
            net=net,
            vat=vat,
        )

        kivoucher_projects_api_submit_proof_multi_part_body_params.additional_properties = d
        return kivoucher_projects_api_submit_proof_multi_part_body_params

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
