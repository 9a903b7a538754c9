from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="LossLineOut")


@_attrs_define
class LossLineOut:
    """
    Attributes:
        loss (str):
        percent (int):
        share_of_net_worth (None | str): The loss in % of the net worth.
    """

    loss: str
    percent: int
    share_of_net_worth: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        loss = self.loss

        percent = self.percent

        share_of_net_worth: None | str
        share_of_net_worth = self.share_of_net_worth

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "loss": loss,
                "percent": percent,
                "share_of_net_worth": share_of_net_worth,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        loss = d.pop("loss")

        percent = d.pop("percent")

        def _parse_share_of_net_worth(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        share_of_net_worth = _parse_share_of_net_worth(d.pop("share_of_net_worth"))

        loss_line_out = cls(
            loss=loss,
            percent=percent,
            share_of_net_worth=share_of_net_worth,
        )

        loss_line_out.additional_properties = d
        return loss_line_out

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
