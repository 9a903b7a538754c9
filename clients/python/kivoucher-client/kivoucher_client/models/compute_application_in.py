from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="ComputeApplicationIn")


@_attrs_define
class ComputeApplicationIn:
    """
    Attributes:
        data_centre (str): The `code` of a data centre from GET /api/v1/compute/data-centres whose
            `accepts_applications` is true.
        gpu_hours (float | str):
        gpu_type (str):
        not_in_difficulty (bool):
        period_end (datetime.date):
        period_start (datetime.date):
        project_description (str):
        annual_turnover (float | None | str | Unset):
        balance_sheet_total (float | None | str | Unset):
        employees (int | None | Unset):
        exception_justification (str | Unset):  Default: ''.
        storage_tb (float | str | Unset):  Default: 0.0.
    """

    data_centre: str
    gpu_hours: float | str
    gpu_type: str
    not_in_difficulty: bool
    period_end: datetime.date
    period_start: datetime.date
    project_description: str
    annual_turnover: float | None | str | Unset = UNSET
    balance_sheet_total: float | None | str | Unset = UNSET
    employees: int | None | Unset = UNSET
    exception_justification: str | Unset = ""
    storage_tb: float | str | Unset = 0.0

    def to_dict(self) -> dict[str, Any]:
        data_centre = self.data_centre

        gpu_hours: float | str
        gpu_hours = self.gpu_hours

        gpu_type = self.gpu_type

        not_in_difficulty = self.not_in_difficulty

        period_end = self.period_end.isoformat()

        period_start = self.period_start.isoformat()

        project_description = self.project_description

        annual_turnover: float | None | str | Unset
        if isinstance(self.annual_turnover, Unset):
            annual_turnover = UNSET
        else:
            annual_turnover = self.annual_turnover

        balance_sheet_total: float | None | str | Unset
        if isinstance(self.balance_sheet_total, Unset):
            balance_sheet_total = UNSET
        else:
            balance_sheet_total = self.balance_sheet_total

        employees: int | None | Unset
        if isinstance(self.employees, Unset):
            employees = UNSET
        else:
            employees = self.employees

        exception_justification = self.exception_justification

        storage_tb: float | str | Unset
        if isinstance(self.storage_tb, Unset):
            storage_tb = UNSET
        else:
            storage_tb = self.storage_tb

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "data_centre": data_centre,
                "gpu_hours": gpu_hours,
                "gpu_type": gpu_type,
                "not_in_difficulty": not_in_difficulty,
                "period_end": period_end,
                "period_start": period_start,
                "project_description": project_description,
            }
        )
        if annual_turnover is not UNSET:
            field_dict["annual_turnover"] = annual_turnover
        if balance_sheet_total is not UNSET:
            field_dict["balance_sheet_total"] = balance_sheet_total
        if employees is not UNSET:
            field_dict["employees"] = employees
        if exception_justification is not UNSET:
            field_dict["exception_justification"] = exception_justification
        if storage_tb is not UNSET:
            field_dict["storage_tb"] = storage_tb

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        data_centre = d.pop("data_centre")

        def _parse_gpu_hours(data: object) -> float | str:
            return cast(float | str, data)

        gpu_hours = _parse_gpu_hours(d.pop("gpu_hours"))

        gpu_type = d.pop("gpu_type")

        not_in_difficulty = d.pop("not_in_difficulty")

        period_end = datetime.date.fromisoformat(d.pop("period_end"))

        period_start = datetime.date.fromisoformat(d.pop("period_start"))

        project_description = d.pop("project_description")

        def _parse_annual_turnover(data: object) -> float | None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | str | Unset, data)

        annual_turnover = _parse_annual_turnover(d.pop("annual_turnover", UNSET))

        def _parse_balance_sheet_total(data: object) -> float | None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | str | Unset, data)

        balance_sheet_total = _parse_balance_sheet_total(d.pop("balance_sheet_total", UNSET))

        def _parse_employees(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        employees = _parse_employees(d.pop("employees", UNSET))

        exception_justification = d.pop("exception_justification", UNSET)

        def _parse_storage_tb(data: object) -> float | str | Unset:
            if isinstance(data, Unset):
                return data
            return cast(float | str | Unset, data)

        storage_tb = _parse_storage_tb(d.pop("storage_tb", UNSET))

        compute_application_in = cls(
            data_centre=data_centre,
            gpu_hours=gpu_hours,
            gpu_type=gpu_type,
            not_in_difficulty=not_in_difficulty,
            period_end=period_end,
            period_start=period_start,
            project_description=project_description,
            annual_turnover=annual_turnover,
            balance_sheet_total=balance_sheet_total,
            employees=employees,
            exception_justification=exception_justification,
            storage_tb=storage_tb,
        )

        return compute_application_in
