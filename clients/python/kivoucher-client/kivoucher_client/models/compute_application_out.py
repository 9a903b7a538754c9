from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.compute_application_out_earlier_vouchers_item import ComputeApplicationOutEarlierVouchersItem


T = TypeVar("T", bound="ComputeApplicationOut")


@_attrs_define
class ComputeApplicationOut:
    """
    Attributes:
        data_centre (str):
        earlier_vouchers (list[ComputeApplicationOutEarlierVouchersItem]):
        eligible (bool):
        id (int):
        organisation (str):
        status (str):
        voucher (None | str):
    """

    data_centre: str
    earlier_vouchers: list[ComputeApplicationOutEarlierVouchersItem]
    eligible: bool
    id: int
    organisation: str
    status: str
    voucher: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        data_centre = self.data_centre

        earlier_vouchers = []
        for earlier_vouchers_item_data in self.earlier_vouchers:
            earlier_vouchers_item = earlier_vouchers_item_data.to_dict()
            earlier_vouchers.append(earlier_vouchers_item)

        eligible = self.eligible

        id = self.id

        organisation = self.organisation

        status = self.status

        voucher: None | str
        voucher = self.voucher

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "data_centre": data_centre,
                "earlier_vouchers": earlier_vouchers,
                "eligible": eligible,
                "id": id,
                "organisation": organisation,
                "status": status,
                "voucher": voucher,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.compute_application_out_earlier_vouchers_item import ComputeApplicationOutEarlierVouchersItem  # noqa: PLC0415

        d = dict(src_dict)
        data_centre = d.pop("data_centre")

        earlier_vouchers = []
        _earlier_vouchers = d.pop("earlier_vouchers")
        for earlier_vouchers_item_data in _earlier_vouchers:
            earlier_vouchers_item = ComputeApplicationOutEarlierVouchersItem.from_dict(earlier_vouchers_item_data)

            earlier_vouchers.append(earlier_vouchers_item)

        eligible = d.pop("eligible")

        id = d.pop("id")

        organisation = d.pop("organisation")

        status = d.pop("status")

        def _parse_voucher(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        voucher = _parse_voucher(d.pop("voucher"))

        compute_application_out = cls(
            data_centre=data_centre,
            earlier_vouchers=earlier_vouchers,
            eligible=eligible,
            id=id,
            organisation=organisation,
            status=status,
            voucher=voucher,
        )

        compute_application_out.additional_properties = d
        return compute_application_out

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
