from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="SlurmReservationOut")


@_attrs_define
class SlurmReservationOut:
    """
    Attributes:
        account (str): The buyer's Slurm account: `{prefix}_{buyer id}`.
        end (datetime.datetime):
        gpus (int | None): Always null: offers sell partition-hours, no GPU count is recorded.
        name (str): The reservation name: `{prefix}-{offer code}-{slot id}`.
        partition (None | str): `part{N}` for an offer of several partitions; null: the whole cluster.
        start (datetime.datetime):
        status (str): The slot's status: proposed, confirmed, used.
    """

    account: str
    end: datetime.datetime
    gpus: int | None
    name: str
    partition: None | str
    start: datetime.datetime
    status: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        account = self.account

        end = self.end.isoformat()

        gpus: int | None
        gpus = self.gpus

        name = self.name

        partition: None | str
        partition = self.partition

        start = self.start.isoformat()

        status = self.status

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "account": account,
                "end": end,
                "gpus": gpus,
                "name": name,
                "partition": partition,
                "start": start,
                "status": status,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        account = d.pop("account")

        end = datetime.datetime.fromisoformat(d.pop("end"))

        def _parse_gpus(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        gpus = _parse_gpus(d.pop("gpus"))

        name = d.pop("name")

        def _parse_partition(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        partition = _parse_partition(d.pop("partition"))

        start = datetime.datetime.fromisoformat(d.pop("start"))

        status = d.pop("status")

        slurm_reservation_out = cls(
            account=account,
            end=end,
            gpus=gpus,
            name=name,
            partition=partition,
            start=start,
            status=status,
        )

        slurm_reservation_out.additional_properties = d
        return slurm_reservation_out

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
