from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="OrganisationPatch")


@_attrs_define
class OrganisationPatch:
    """
    Attributes:
        annual_turnover (float | None | str | Unset):
        balance_sheet_total (float | None | str | Unset):
        bic (None | str | Unset):
        city (None | str | Unset):
        employees (int | None | Unset):
        federal_state (None | str | Unset):
        founded_on (datetime.date | None | Unset):
        iban (None | str | Unset):
        legal_form (None | str | Unset):
        name (None | str | Unset):
        postcode (None | str | Unset):
        register_court (None | str | Unset):
        register_number (None | str | Unset):
        sector (None | str | Unset):
        street (None | str | Unset):
        vat_id (None | str | Unset):
    """

    annual_turnover: float | None | str | Unset = UNSET
    balance_sheet_total: float | None | str | Unset = UNSET
    bic: None | str | Unset = UNSET
    city: None | str | Unset = UNSET
    employees: int | None | Unset = UNSET
    federal_state: None | str | Unset = UNSET
    founded_on: datetime.date | None | Unset = UNSET
    iban: None | str | Unset = UNSET
    legal_form: None | str | Unset = UNSET
    name: None | str | Unset = UNSET
    postcode: None | str | Unset = UNSET
    register_court: None | str | Unset = UNSET
    register_number: None | str | Unset = UNSET
    sector: None | str | Unset = UNSET
    street: None | str | Unset = UNSET
    vat_id: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
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

        bic: None | str | Unset
        if isinstance(self.bic, Unset):
            bic = UNSET
        else:
            bic = self.bic

        city: None | str | Unset
        if isinstance(self.city, Unset):
            city = UNSET
        else:
            city = self.city

        employees: int | None | Unset
        if isinstance(self.employees, Unset):
            employees = UNSET
        else:
            employees = self.employees

        federal_state: None | str | Unset
        if isinstance(self.federal_state, Unset):
            federal_state = UNSET
        else:
            federal_state = self.federal_state

        founded_on: None | str | Unset
        if isinstance(self.founded_on, Unset):
            founded_on = UNSET
        elif isinstance(self.founded_on, datetime.date):
            founded_on = self.founded_on.isoformat()
        else:
            founded_on = self.founded_on

        iban: None | str | Unset
        if isinstance(self.iban, Unset):
            iban = UNSET
        else:
            iban = self.iban

        legal_form: None | str | Unset
        if isinstance(self.legal_form, Unset):
            legal_form = UNSET
        else:
            legal_form = self.legal_form

        name: None | str | Unset
        if isinstance(self.name, Unset):
            name = UNSET
        else:
            name = self.name

        postcode: None | str | Unset
        if isinstance(self.postcode, Unset):
            postcode = UNSET
        else:
            postcode = self.postcode

        register_court: None | str | Unset
        if isinstance(self.register_court, Unset):
            register_court = UNSET
        else:
            register_court = self.register_court

        register_number: None | str | Unset
        if isinstance(self.register_number, Unset):
            register_number = UNSET
        else:
            register_number = self.register_number

        sector: None | str | Unset
        if isinstance(self.sector, Unset):
            sector = UNSET
        else:
            sector = self.sector

        street: None | str | Unset
        if isinstance(self.street, Unset):
            street = UNSET
        else:
            street = self.street

        vat_id: None | str | Unset
        if isinstance(self.vat_id, Unset):
            vat_id = UNSET
        else:
            vat_id = self.vat_id

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if annual_turnover is not UNSET:
            field_dict["annual_turnover"] = annual_turnover
        if balance_sheet_total is not UNSET:
            field_dict["balance_sheet_total"] = balance_sheet_total
        if bic is not UNSET:
            field_dict["bic"] = bic
        if city is not UNSET:
            field_dict["city"] = city
        if employees is not UNSET:
            field_dict["employees"] = employees
        if federal_state is not UNSET:
            field_dict["federal_state"] = federal_state
        if founded_on is not UNSET:
            field_dict["founded_on"] = founded_on
        if iban is not UNSET:
            field_dict["iban"] = iban
        if legal_form is not UNSET:
            field_dict["legal_form"] = legal_form
        if name is not UNSET:
            field_dict["name"] = name
        if postcode is not UNSET:
            field_dict["postcode"] = postcode
        if register_court is not UNSET:
            field_dict["register_court"] = register_court
        if register_number is not UNSET:
            field_dict["register_number"] = register_number
        if sector is not UNSET:
            field_dict["sector"] = sector
        if street is not UNSET:
            field_dict["street"] = street
        if vat_id is not UNSET:
            field_dict["vat_id"] = vat_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

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

        def _parse_bic(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        bic = _parse_bic(d.pop("bic", UNSET))

        def _parse_city(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        city = _parse_city(d.pop("city", UNSET))

        def _parse_employees(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        employees = _parse_employees(d.pop("employees", UNSET))

        def _parse_federal_state(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        federal_state = _parse_federal_state(d.pop("federal_state", UNSET))

        def _parse_founded_on(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                founded_on_type_0 = datetime.date.fromisoformat(data)

                return founded_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        founded_on = _parse_founded_on(d.pop("founded_on", UNSET))

        def _parse_iban(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        iban = _parse_iban(d.pop("iban", UNSET))

        def _parse_legal_form(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        legal_form = _parse_legal_form(d.pop("legal_form", UNSET))

        def _parse_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        name = _parse_name(d.pop("name", UNSET))

        def _parse_postcode(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        postcode = _parse_postcode(d.pop("postcode", UNSET))

        def _parse_register_court(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        register_court = _parse_register_court(d.pop("register_court", UNSET))

        def _parse_register_number(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        register_number = _parse_register_number(d.pop("register_number", UNSET))

        def _parse_sector(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        sector = _parse_sector(d.pop("sector", UNSET))

        def _parse_street(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        street = _parse_street(d.pop("street", UNSET))

        def _parse_vat_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        vat_id = _parse_vat_id(d.pop("vat_id", UNSET))

        organisation_patch = cls(
            annual_turnover=annual_turnover,
            balance_sheet_total=balance_sheet_total,
            bic=bic,
            city=city,
            employees=employees,
            federal_state=federal_state,
            founded_on=founded_on,
            iban=iban,
            legal_form=legal_form,
            name=name,
            postcode=postcode,
            register_court=register_court,
            register_number=register_number,
            sector=sector,
            street=street,
            vat_id=vat_id,
        )

        return organisation_patch
