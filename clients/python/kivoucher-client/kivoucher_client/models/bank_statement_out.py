from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.bank_statement_entry_out import BankStatementEntryOut
    from ..models.bank_statement_out_counts import BankStatementOutCounts


T = TypeVar("T", bound="BankStatementOut")


@_attrs_define
class BankStatementOut:
    """
    Attributes:
        counts (BankStatementOutCounts):
        entries (list[BankStatementEntryOut]):
        message_id (str):
        statement_id (str):
    """

    counts: BankStatementOutCounts
    entries: list[BankStatementEntryOut]
    message_id: str
    statement_id: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        counts = self.counts.to_dict()

        entries = []
        for entries_item_data in self.entries:
            entries_item = entries_item_data.to_dict()
            entries.append(entries_item)

        message_id = self.message_id

        statement_id = self.statement_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "counts": counts,
                "entries": entries,
                "message_id": message_id,
                "statement_id": statement_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.bank_statement_entry_out import BankStatementEntryOut  # noqa: PLC0415
        from ..models.bank_statement_out_counts import BankStatementOutCounts  # noqa: PLC0415

        d = dict(src_dict)
        counts = BankStatementOutCounts.from_dict(d.pop("counts"))

        entries = []
        _entries = d.pop("entries")
        for entries_item_data in _entries:
            entries_item = BankStatementEntryOut.from_dict(entries_item_data)

            entries.append(entries_item)

        message_id = d.pop("message_id")

        statement_id = d.pop("statement_id")

        bank_statement_out = cls(
            counts=counts,
            entries=entries,
            message_id=message_id,
            statement_id=statement_id,
        )

        bank_statement_out.additional_properties = d
        return bank_statement_out

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
