from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

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
