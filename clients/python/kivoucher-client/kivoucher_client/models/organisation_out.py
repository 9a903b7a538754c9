from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="OrganisationOut")


@_attrs_define
class OrganisationOut:
    """
    Attributes:
        annual_turnover (str):
        balance_sheet_total (str):
        city (str):
        country (str):
        employees (int):
        federal_state (str):
        founded_on (datetime.date | None):
        id (int):
        kind (str):
        legal_form (str):
        name (str):
        postcode (str):
        register_court (str):
        register_number (str):
        sector (str):
        vat_id (str):
    """

    annual_turnover: str
    balance_sheet_total: str
    city: str
    country: str
    employees: int
    federal_state: str
    founded_on: datetime.date | None
    id: int
    kind: str
    legal_form: str
    name: str
    postcode: str
    register_court: str
    register_number: str
    sector: str
    vat_id: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        annual_turnover = self.annual_turnover

        balance_sheet_total = self.balance_sheet_total

        city = self.city

        country = self.country

        employees = self.employees

        federal_state = self.federal_state

        founded_on: None | str
        if isinstance(self.founded_on, datetime.date):
            founded_on = self.founded_on.isoformat()
        else:
            founded_on = self.founded_on

        id = self.id

        kind = self.kind

        legal_form = self.legal_form

        name = self.name

        postcode = self.postcode

        register_court = self.register_court

        register_number = self.register_number

        sector = self.sector

        vat_id = self.vat_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "annual_turnover": annual_turnover,
                "balance_sheet_total": balance_sheet_total,
                "city": city,
                "country": country,
                "employees": employees,
                "federal_state": federal_state,
                "founded_on": founded_on,
                "id": id,
                "kind": kind,
                "legal_form": legal_form,
                "name": name,
                "postcode": postcode,
                "register_court": register_court,
                "register_number": register_number,
                "sector": sector,
                "vat_id": vat_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        annual_turnover = d.pop("annual_turnover")

        balance_sheet_total = d.pop("balance_sheet_total")

        city = d.pop("city")

        country = d.pop("country")

        employees = d.pop("employees")

        federal_state = d.pop("federal_state")

        def _parse_founded_on(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                founded_on_type_0 = datetime.date.fromisoformat(data)

                return founded_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        founded_on = _parse_founded_on(d.pop("founded_on"))

        id = d.pop("id")

        kind = d.pop("kind")

        legal_form = d.pop("legal_form")

        name = d.pop("name")

        postcode = d.pop("postcode")

        register_court = d.pop("register_court")

        register_number = d.pop("register_number")

        sector = d.pop("sector")

        vat_id = d.pop("vat_id")

        organisation_out = cls(
            annual_turnover=annual_turnover,
            balance_sheet_total=balance_sheet_total,
            city=city,
            country=country,
            employees=employees,
            federal_state=federal_state,
            founded_on=founded_on,
            id=id,
            kind=kind,
            legal_form=legal_form,
            name=name,
            postcode=postcode,
            register_court=register_court,
            register_number=register_number,
            sector=sector,
            vat_id=vat_id,
        )

        organisation_out.additional_properties = d
        return organisation_out

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
