from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="TransferOut")


@_attrs_define
class TransferOut:
    """
    Attributes:
        accepted_at (datetime.datetime | None):
        buyer (None | str):
        created_at (datetime.datetime):
        id (int):
        offer (str):
        price (str):
        purchase (int | None): The seller's purchase (its id for the seller and staff).
        result (int | None): The purchase holding the hours taken over.
        seller (str):
        sequence (int | None): The number in the order of sale that goes with the hours.
        status (str):
        unit_hours (int):
    """

    accepted_at: datetime.datetime | None
    buyer: None | str
    created_at: datetime.datetime
    id: int
    offer: str
    price: str
    purchase: int | None
    result: int | None
    seller: str
    sequence: int | None
    status: str
    unit_hours: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        accepted_at: None | str
        if isinstance(self.accepted_at, datetime.datetime):
            accepted_at = self.accepted_at.isoformat()
        else:
            accepted_at = self.accepted_at

        buyer: None | str
        buyer = self.buyer

        created_at = self.created_at.isoformat()

        id = self.id

        offer = self.offer

        price = self.price

        purchase: int | None
        purchase = self.purchase

        result: int | None
        result = self.result

        seller = self.seller

        sequence: int | None
        sequence = self.sequence

        status = self.status

        unit_hours = self.unit_hours

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "accepted_at": accepted_at,
                "buyer": buyer,
                "created_at": created_at,
                "id": id,
                "offer": offer,
                "price": price,
                "purchase": purchase,
                "result": result,
                "seller": seller,
                "sequence": sequence,
                "status": status,
                "unit_hours": unit_hours,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_accepted_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                accepted_at_type_0 = datetime.datetime.fromisoformat(data)

                return accepted_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        accepted_at = _parse_accepted_at(d.pop("accepted_at"))

        def _parse_buyer(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        buyer = _parse_buyer(d.pop("buyer"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        id = d.pop("id")

        offer = d.pop("offer")

        price = d.pop("price")

        def _parse_purchase(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        purchase = _parse_purchase(d.pop("purchase"))

        def _parse_result(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        result = _parse_result(d.pop("result"))

        seller = d.pop("seller")

        def _parse_sequence(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        sequence = _parse_sequence(d.pop("sequence"))

        status = d.pop("status")

        unit_hours = d.pop("unit_hours")

        transfer_out = cls(
            accepted_at=accepted_at,
            buyer=buyer,
            created_at=created_at,
            id=id,
            offer=offer,
            price=price,
            purchase=purchase,
            result=result,
            seller=seller,
            sequence=sequence,
            status=status,
            unit_hours=unit_hours,
        )

        transfer_out.additional_properties = d
        return transfer_out

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
