from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="DrawOut")


@_attrs_define
class DrawOut:
    """
    Attributes:
        candidates (list[int]):
        id (int):
        order (list[int]):
        seed (str):
        selected (list[int]):
    """

    candidates: list[int]
    id: int
    order: list[int]
    seed: str
    selected: list[int]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        candidates = self.candidates

        id = self.id

        order = self.order

        seed = self.seed

        selected = self.selected

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "candidates": candidates,
                "id": id,
                "order": order,
                "seed": seed,
                "selected": selected,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        candidates = cast(list[int], d.pop("candidates"))

        id = d.pop("id")

        order = cast(list[int], d.pop("order"))

        seed = d.pop("seed")

        selected = cast(list[int], d.pop("selected"))

        draw_out = cls(
            candidates=candidates,
            id=id,
            order=order,
            seed=seed,
            selected=selected,
        )

        draw_out.additional_properties = d
        return draw_out

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
