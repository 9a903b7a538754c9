from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.statistics_licence_out import StatisticsLicenceOut
    from ..models.table_out import TableOut


T = TypeVar("T", bound="PublicStatisticsOut")


@_attrs_define
class PublicStatisticsOut:
    """
    Attributes:
        generated_at (str):
        license_ (StatisticsLicenceOut):
        min_companies_per_cell (int):
        note (str):
        tables (list[TableOut]):
    """

    generated_at: str
    license_: StatisticsLicenceOut
    min_companies_per_cell: int
    note: str
    tables: list[TableOut]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        generated_at = self.generated_at

        license_ = self.license_.to_dict()

        min_companies_per_cell = self.min_companies_per_cell

        note = self.note

        tables = []
        for tables_item_data in self.tables:
            tables_item = tables_item_data.to_dict()
            tables.append(tables_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "generated_at": generated_at,
                "license": license_,
                "min_companies_per_cell": min_companies_per_cell,
                "note": note,
                "tables": tables,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.statistics_licence_out import StatisticsLicenceOut  # noqa: PLC0415
        from ..models.table_out import TableOut  # noqa: PLC0415

        d = dict(src_dict)
        generated_at = d.pop("generated_at")

        license_ = StatisticsLicenceOut.from_dict(d.pop("license"))

        min_companies_per_cell = d.pop("min_companies_per_cell")

        note = d.pop("note")

        tables = []
        _tables = d.pop("tables")
        for tables_item_data in _tables:
            tables_item = TableOut.from_dict(tables_item_data)

            tables.append(tables_item)

        public_statistics_out = cls(
            generated_at=generated_at,
            license_=license_,
            min_companies_per_cell=min_companies_per_cell,
            note=note,
            tables=tables,
        )

        public_statistics_out.additional_properties = d
        return public_statistics_out

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
