from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.table_out import TableOut


T = TypeVar("T", bound="SectionOut")


@_attrs_define
class SectionOut:
    """
    Attributes:
        available (bool):
        facts (list[list[str]]):
        key (str):
        notes (list[str]):
        tables (list[TableOut]):
        title (str):
    """

    available: bool
    facts: list[list[str]]
    key: str
    notes: list[str]
    tables: list[TableOut]
    title: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        available = self.available

        facts = []
        for facts_item_data in self.facts:
            facts_item = facts_item_data

            facts.append(facts_item)

        key = self.key

        notes = self.notes

        tables = []
        for tables_item_data in self.tables:
            tables_item = tables_item_data.to_dict()
            tables.append(tables_item)

        title = self.title

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "available": available,
                "facts": facts,
                "key": key,
                "notes": notes,
                "tables": tables,
                "title": title,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.table_out import TableOut  # noqa: PLC0415

        d = dict(src_dict)
        available = d.pop("available")

        facts = []
        _facts = d.pop("facts")
        for facts_item_data in _facts:
            facts_item = cast(list[str], facts_item_data)

            facts.append(facts_item)

        key = d.pop("key")

        notes = cast(list[str], d.pop("notes"))

        tables = []
        _tables = d.pop("tables")
        for tables_item_data in _tables:
            tables_item = TableOut.from_dict(tables_item_data)

            tables.append(tables_item)

        title = d.pop("title")

        section_out = cls(
            available=available,
            facts=facts,
            key=key,
            notes=notes,
            tables=tables,
            title=title,
        )

        section_out.additional_properties = d
        return section_out

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
