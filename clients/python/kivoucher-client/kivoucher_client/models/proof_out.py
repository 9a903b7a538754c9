from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.proof_einvoice_validation_out import ProofEinvoiceValidationOut
    from ..models.proof_out_checks_item import ProofOutChecksItem


T = TypeVar("T", bound="ProofOut")


@_attrs_define
class ProofOut:
    """
    Attributes:
        buyer_name (str):
        buyer_vat_id (str):
        check_note (str):
        checks (list[ProofOutChecksItem]):
        einvoice_validation (None | ProofEinvoiceValidationOut): The e-invoice's check against EN 16931 / XRechnung
            (warnings and hints; null for a PDF without an e-invoice)
        eligible_costs (None | str):
        grant_due (None | str):
        gross (str):
        id (int):
        instalments_paid (None | str):
        invoice_date (datetime.date | None):
        invoice_format (str):
        invoice_number (str):
        net (str):
        payout_amount (None | str):
        report (str):
        seller_name (str):
        seller_vat_id (str):
        status (str):
        submitted_at (datetime.datetime):
        vat (str):
        voucher (str):
    """

    buyer_name: str
    buyer_vat_id: str
    check_note: str
    checks: list[ProofOutChecksItem]
    einvoice_validation: None | ProofEinvoiceValidationOut
    eligible_costs: None | str
    grant_due: None | str
    gross: str
    id: int
    instalments_paid: None | str
    invoice_date: datetime.date | None
    invoice_format: str
    invoice_number: str
    net: str
    payout_amount: None | str
    report: str
    seller_name: str
    seller_vat_id: str
    status: str
    submitted_at: datetime.datetime
    vat: str
    voucher: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.proof_einvoice_validation_out import ProofEinvoiceValidationOut  # noqa: PLC0415

        buyer_name = self.buyer_name

        buyer_vat_id = self.buyer_vat_id

        check_note = self.check_note

        checks = []
        for checks_item_data in self.checks:
            checks_item = checks_item_data.to_dict()
            checks.append(checks_item)

        einvoice_validation: dict[str, Any] | None
        if isinstance(self.einvoice_validation, ProofEinvoiceValidationOut):
            einvoice_validation = self.einvoice_validation.to_dict()
        else:
            einvoice_validation = self.einvoice_validation

        eligible_costs: None | str
        eligible_costs = self.eligible_costs

        grant_due: None | str
        grant_due = self.grant_due

        gross = self.gross

        id = self.id

        instalments_paid: None | str
        instalments_paid = self.instalments_paid

        invoice_date: None | str
        if isinstance(self.invoice_date, datetime.date):
            invoice_date = self.invoice_date.isoformat()
        else:
            invoice_date = self.invoice_date

        invoice_format = self.invoice_format

        invoice_number = self.invoice_number

        net = self.net

        payout_amount: None | str
        payout_amount = self.payout_amount

        report = self.report

        seller_name = self.seller_name

        seller_vat_id = self.seller_vat_id

        status = self.status

        submitted_at = self.submitted_at.isoformat()

        vat = self.vat

        voucher = self.voucher

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "buyer_name": buyer_name,
                "buyer_vat_id": buyer_vat_id,
                "check_note": check_note,
                "checks": checks,
                "einvoice_validation": einvoice_validation,
                "eligible_costs": eligible_costs,
                "grant_due": grant_due,
                "gross": gross,
                "id": id,
                "instalments_paid": instalments_paid,
                "invoice_date": invoice_date,
                "invoice_format": invoice_format,
                "invoice_number": invoice_number,
                "net": net,
                "payout_amount": payout_amount,
                "report": report,
                "seller_name": seller_name,
                "seller_vat_id": seller_vat_id,
                "status": status,
                "submitted_at": submitted_at,
                "vat": vat,
                "voucher": voucher,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.proof_einvoice_validation_out import ProofEinvoiceValidationOut  # noqa: PLC0415
        from ..models.proof_out_checks_item import ProofOutChecksItem  # noqa: PLC0415

        d = dict(src_dict)
        buyer_name = d.pop("buyer_name")

        buyer_vat_id = d.pop("buyer_vat_id")

        check_note = d.pop("check_note")

        checks = []
        _checks = d.pop("checks")
        for checks_item_data in _checks:
            checks_item = ProofOutChecksItem.from_dict(checks_item_data)

            checks.append(checks_item)

        def _parse_einvoice_validation(data: object) -> None | ProofEinvoiceValidationOut:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                einvoice_validation_type_0 = ProofEinvoiceValidationOut.from_dict(data)

                return einvoice_validation_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | ProofEinvoiceValidationOut, data)

        einvoice_validation = _parse_einvoice_validation(d.pop("einvoice_validation"))

        def _parse_eligible_costs(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        eligible_costs = _parse_eligible_costs(d.pop("eligible_costs"))

        def _parse_grant_due(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        grant_due = _parse_grant_due(d.pop("grant_due"))

        gross = d.pop("gross")

        id = d.pop("id")

        def _parse_instalments_paid(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        instalments_paid = _parse_instalments_paid(d.pop("instalments_paid"))

        def _parse_invoice_date(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                invoice_date_type_0 = datetime.date.fromisoformat(data)

                return invoice_date_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        invoice_date = _parse_invoice_date(d.pop("invoice_date"))

        invoice_format = d.pop("invoice_format")

        invoice_number = d.pop("invoice_number")

        net = d.pop("net")

        def _parse_payout_amount(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        payout_amount = _parse_payout_amount(d.pop("payout_amount"))

        report = d.pop("report")

        seller_name = d.pop("seller_name")

        seller_vat_id = d.pop("seller_vat_id")

        status = d.pop("status")

        submitted_at = datetime.datetime.fromisoformat(d.pop("submitted_at"))

        vat = d.pop("vat")

        voucher = d.pop("voucher")

        proof_out = cls(
            buyer_name=buyer_name,
            buyer_vat_id=buyer_vat_id,
            check_note=check_note,
            checks=checks,
            einvoice_validation=einvoice_validation,
            eligible_costs=eligible_costs,
            grant_due=grant_due,
            gross=gross,
            id=id,
            instalments_paid=instalments_paid,
            invoice_date=invoice_date,
            invoice_format=invoice_format,
            invoice_number=invoice_number,
            net=net,
            payout_amount=payout_amount,
            report=report,
            seller_name=seller_name,
            seller_vat_id=seller_vat_id,
            status=status,
            submitted_at=submitted_at,
            vat=vat,
            voucher=voucher,
        )

        proof_out.additional_properties = d
        return proof_out

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
