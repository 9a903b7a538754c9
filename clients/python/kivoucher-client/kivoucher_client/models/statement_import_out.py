from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.statement_line_out import StatementLineOut


T = TypeVar("T", bound="StatementImportOut")


@_attrs_define
class StatementImportOut:
    """
    Attributes:
        confirmed (int):
        lines (list[StatementLineOut]):
        message_id (str):
    """

    confirmed: int
    lines: list[StatementLineOut]
    message_id: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        confirmed = self.confirmed

        lines = []
        for lines_item_data in self.lines:
            lines_item = lines_item_data.to_dict()
            lines.append(lines_item)

        message_id = self.message_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "confirmed": confirmed,
                "lines": lines,
                "message_id": message_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.statement_line_out import StatementLineOut  # noqa: PLC0415

        d = dict(src_dict)
        confirmed = d.pop("confirmed")

        lines = []
        _lines = d.pop("lines")
        for lines_item_data in _lines:
            lines_item = StatementLineOut.from_dict(lines_item_data)

            lines.append(lines_item)

        message_id = d.pop("message_id")

        statement_import_out = cls(
            confirmed=confirmed,
            lines=lines,
            message_id=message_id,
        )

        statement_import_out.additional_properties = d
        return statement_import_out

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
