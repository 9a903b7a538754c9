from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.price_part_out import PricePartOut
    from ..models.purchase_out_payment import PurchaseOutPayment


T = TypeVar("T", bound="PurchaseOut")


@_attrs_define
class PurchaseOut:
    """
    Attributes:
        amount (str):
        buyer (str):
        id (int):
        kind (str):
        offer (str):
        payment (PurchaseOutPayment):
        prices (list[PricePartOut]): Hours orders: the unit-hours at each price (a discount tier's hours left at its
            price, the rest at the next tier's or the regular price).
        reference (str):
        sequence (int | None):
        shares (int):
        status (str):
        unit_hours (int):
        unit_hours_left (int | None):
        voucher_code (str):
        kiis_acknowledged_at (datetime.datetime | None | Unset):
        kiis_version (int | None | Unset): Shares: the version of the key investment information sheet acknowledged.
        payment_held (bool | Unset): The payment arrived and waits for the buyer's KYC check (kyc_outstanding). Default:
            False.
        reflection_until (datetime.datetime | None | Unset): Until then the subscription can be revoked without reason.
        revocable (bool | Unset):  Default: False.
        revoked_at (datetime.datetime | None | Unset):
        risk_warning_confirmed_at (datetime.datetime | None | Unset):
        transferred_from (int | None | Unset): Hours taken over from this purchase (same number in the order of sale).
    """

    amount: str
    buyer: str
    id: int
    kind: str
    offer: str
    payment: PurchaseOutPayment
    prices: list[PricePartOut]
    reference: str
    sequence: int | None
    shares: int
    status: str
    unit_hours: int
    unit_hours_left: int | None
    voucher_code: str
    kiis_acknowledged_at: datetime.datetime | None | Unset = UNSET
    kiis_version: int | None | Unset = UNSET
    payment_held: bool | Unset = False
    reflection_until: datetime.datetime | None | Unset = UNSET
    revocable: bool | Unset = False
    revoked_at: datetime.datetime | None | Unset = UNSET
    risk_warning_confirmed_at: datetime.datetime | None | Unset = UNSET
    transferred_from: int | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        amount = self.amount

        buyer = self.buyer

        id = self.id

        kind = self.kind

        offer = self.offer

        payment = self.payment.to_dict()

        prices = []
        for prices_item_data in self.prices:
            prices_item = prices_item_data.to_dict()
            prices.append(prices_item)

        reference = self.reference

        sequence: int | None
        sequence = self.sequence

        shares = self.shares

        status = self.status

        unit_hours = self.unit_hours

        unit_hours_left: int | None
        unit_hours_left = self.unit_hours_left

        voucher_code = self.voucher_code

        kiis_acknowledged_at: None | str | Unset
        if isinstance(self.kiis_acknowledged_at, Unset):
            kiis_acknowledged_at = UNSET
        elif isinstance(self.kiis_acknowledged_at, datetime.datetime):
            kiis_acknowledged_at = self.kiis_acknowledged_at.isoformat()
        else:
            kiis_acknowledged_at = self.kiis_acknowledged_at

        kiis_version: int | None | Unset
        if isinstance(self.kiis_version, Unset):
            kiis_version = UNSET
        else:
            kiis_version = self.kiis_version

        payment_held = self.payment_held

        reflection_until: None | str | Unset
        if isinstance(self.reflection_until, Unset):
            reflection_until = UNSET
        elif isinstance(self.reflection_until, datetime.datetime):
            reflection_until = self.reflection_until.isoformat()
        else:
            reflection_until = self.reflection_until

        revocable = self.revocable

        revoked_at: None | str | Unset
        if isinstance(self.revoked_at, Unset):
            revoked_at = UNSET
        elif isinstance(self.revoked_at, datetime.datetime):
            revoked_at = self.revoked_at.isoformat()
        else:
            revoked_at = self.revoked_at

        risk_warning_confirmed_at: None | str | Unset
        if isinstance(self.risk_warning_confirmed_at, Unset):
            risk_warning_confirmed_at = UNSET
        elif isinstance(self.risk_warning_confirmed_at, datetime.datetime):
            risk_warning_confirmed_at = self.risk_warning_confirmed_at.isoformat()
        else:
            risk_warning_confirmed_at = self.risk_warning_confirmed_at

        transferred_from: int | None | Unset
        if isinstance(self.transferred_from, Unset):
            transferred_from = UNSET
        else:
            transferred_from = self.transferred_from

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "amount": amount,
                "buyer": buyer,
                "id": id,
                "kind": kind,
                "offer": offer,
                "payment": payment,
                "prices": prices,
                "reference": reference,
                "sequence": sequence,
                "shares": shares,
                "status": status,
                "unit_hours": unit_hours,
                "unit_hours_left": unit_hours_left,
                "voucher_code": voucher_code,
            }
        )
        if kiis_acknowledged_at is not UNSET:
            field_dict["kiis_acknowledged_at"] = kiis_acknowledged_at
        if kiis_version is not UNSET:
            field_dict["kiis_version"] = kiis_version
        if payment_held is not UNSET:
            field_dict["payment_held"] = payment_held
        if reflection_until is not UNSET:
            field_dict["reflection_until"] = reflection_until
        if revocable is not UNSET:
            field_dict["revocable"] = revocable
        if revoked_at is not UNSET:
            field_dict["revoked_at"] = revoked_at
        if risk_warning_confirmed_at is not UNSET:
            field_dict["risk_warning_confirmed_at"] = risk_warning_confirmed_at
        if transferred_from is not UNSET:
            field_dict["transferred_from"] = transferred_from

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.price_part_out import PricePartOut  # noqa: PLC0415
        from ..models.purchase_out_payment import PurchaseOutPayment  # noqa: PLC0415

        d = dict(src_dict)
        amount = d.pop("amount")

        buyer = d.pop("buyer")

        id = d.pop("id")

        kind = d.pop("kind")

        offer = d.pop("offer")

        payment = PurchaseOutPayment.from_dict(d.pop("payment"))

        prices = []
        _prices = d.pop("prices")
        for prices_item_data in _prices:
            prices_item = PricePartOut.from_dict(prices_item_data)

            prices.append(prices_item)

        reference = d.pop("reference")

        def _parse_sequence(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        sequence = _parse_sequence(d.pop("sequence"))

        shares = d.pop("shares")

        status = d.pop("status")

        unit_hours = d.pop("unit_hours")

        def _parse_unit_hours_left(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        unit_hours_left = _parse_unit_hours_left(d.pop("unit_hours_left"))

        voucher_code = d.pop("voucher_code")

        def _parse_kiis_acknowledged_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                kiis_acknowledged_at_type_0 = datetime.datetime.fromisoformat(data)

                return kiis_acknowledged_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        kiis_acknowledged_at = _parse_kiis_acknowledged_at(d.pop("kiis_acknowledged_at", UNSET))

        def _parse_kiis_version(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        kiis_version = _parse_kiis_version(d.pop("kiis_version", UNSET))

        payment_held = d.pop("payment_held", UNSET)

        def _parse_reflection_until(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                reflection_until_type_0 = datetime.datetime.fromisoformat(data)

                return reflection_until_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        reflection_until = _parse_reflection_until(d.pop("reflection_until", UNSET))

        revocable = d.pop("revocable", UNSET)

        def _parse_revoked_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                revoked_at_type_0 = datetime.datetime.fromisoformat(data)

                return revoked_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        revoked_at = _parse_revoked_at(d.pop("revoked_at", UNSET))

        def _parse_risk_warning_confirmed_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                risk_warning_confirmed_at_type_0 = datetime.datetime.fromisoformat(data)

                return risk_warning_confirmed_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        risk_warning_confirmed_at = _parse_risk_warning_confirmed_at(d.pop("risk_warning_confirmed_at", UNSET))

        def _parse_transferred_from(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        transferred_from = _parse_transferred_from(d.pop("transferred_from", UNSET))

        purchase_out = cls(
            amount=amount,
            buyer=buyer,
            id=id,
            kind=kind,
            offer=offer,
            payment=payment,
            prices=prices,
            reference=reference,
            sequence=sequence,
            shares=shares,
            status=status,
            unit_hours=unit_hours,
            unit_hours_left=unit_hours_left,
            voucher_code=voucher_code,
            kiis_acknowledged_at=kiis_acknowledged_at,
            kiis_version=kiis_version,
            payment_held=payment_held,
            reflection_until=reflection_until,
            revocable=revocable,
            revoked_at=revoked_at,
            risk_warning_confirmed_at=risk_warning_confirmed_at,
            transferred_from=transferred_from,
        )

        purchase_out.additional_properties = d
        return purchase_out

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
