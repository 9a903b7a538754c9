from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.instalment_figures import InstalmentFigures
    from ..models.instalment_out import InstalmentOut


T = TypeVar("T", bound="InstalmentsOut")


@_attrs_define
class InstalmentsOut:
    """
    Attributes:
        figures (InstalmentFigures):
        instalments (list[InstalmentOut]):
        refusal (None | str): Why the caller may not request an instalment now (null: they may)
    """

    figures: InstalmentFigures
    instalments: list[InstalmentOut]
    refusal: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        figures = self.figures.to_dict()

        instalments = []
        for instalments_item_data in self.instalments:
            instalments_item = instalments_item_data.to_dict()
            instalments.append(instalments_item)

        refusal: None | str
        refusal = self.refusal

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "figures": figures,
                "instalments": instalments,
                "refusal": refusal,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.instalment_figures import InstalmentFigures  # noqa: PLC0415
        from ..models.instalment_out import InstalmentOut  # noqa: PLC0415

        d = dict(src_dict)
        figures = InstalmentFigures.from_dict(d.pop("figures"))

        instalments = []
        _instalments = d.pop("instalments")
        for instalments_item_data in _instalments:
            instalments_item = InstalmentOut.from_dict(instalments_item_data)

            instalments.append(instalments_item)

        def _parse_refusal(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        refusal = _parse_refusal(d.pop("refusal"))

        instalments_out = cls(
            figures=figures,
            instalments=instalments,
            refusal=refusal,
        )

        instalments_out.additional_properties = d
        return instalments_out

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
