from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.column_out import ColumnOut
    from ..models.table_out_rows_item import TableOutRowsItem


T = TypeVar("T", bound="TableOut")


@_attrs_define
class TableOut:
    """
    Attributes:
        columns (list[ColumnOut]):
        key (str):
        note (str):
        rows (list[TableOutRowsItem]):
        title (str):
    """

    columns: list[ColumnOut]
    key: str
    note: str
    rows: list[TableOutRowsItem]
    title: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        columns = []
        for columns_item_data in self.columns:
            columns_item = columns_item_data.to_dict()
            columns.append(columns_item)

        key = self.key

        note = self.note

        rows = []
        for rows_item_data in self.rows:
            rows_item = rows_item_data.to_dict()
            rows.append(rows_item)

        title = self.title

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "columns": columns,
                "key": key,
                "note": note,
                "rows": rows,
                "title": title,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.column_out import ColumnOut  # noqa: PLC0415
        from ..models.table_out_rows_item import TableOutRowsItem  # noqa: PLC0415

        d = dict(src_dict)
        columns = []
        _columns = d.pop("columns")
        for columns_item_data in _columns:
            columns_item = ColumnOut.from_dict(columns_item_data)

            columns.append(columns_item)

        key = d.pop("key")

        note = d.pop("note")

        rows = []
        _rows = d.pop("rows")
        for rows_item_data in _rows:
            rows_item = TableOutRowsItem.from_dict(rows_item_data)

            rows.append(rows_item)

        title = d.pop("title")

        table_out = cls(
            columns=columns,
            key=key,
            note=note,
            rows=rows,
            title=title,
        )

        table_out.additional_properties = d
        return table_out

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
