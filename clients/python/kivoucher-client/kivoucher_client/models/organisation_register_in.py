from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.organisation_register_in_kind import OrganisationRegisterInKind
from ..types import UNSET, Unset

T = TypeVar("T", bound="OrganisationRegisterIn")


@_attrs_define
class OrganisationRegisterIn:
    """
    Attributes:
        city (str):
        federal_state (str): e.g. BY
        legal_form (str):
        name (str):
        postcode (str):
        sector (str): NACE code, e.g. C28
        street (str):
        account_holder (str | Unset):  Default: ''.
        annual_turnover (float | str | Unset):  Default: 0.0.
        balance_sheet_total (float | str | Unset):  Default: 0.0.
        bic (str | Unset):  Default: ''.
        email (str | Unset):  Default: ''.
        employees (int | Unset):  Default: 0.
        founded_on (datetime.date | None | Unset):
        iban (str | Unset):  Default: ''.
        kind (OrganisationRegisterInKind | Unset): `company` applies for vouchers; `provider` is listed once accredited;
            `data_centre` redeems vouchers once onboarded; `buyer` buys in the pre-sale. Default:
            OrganisationRegisterInKind.COMPANY.
        register_court (str | Unset): e.g. Amtsgericht München Default: ''.
        register_number (str | Unset): e.g. HRB 12345 (HRA, HRB, GnR, PR, VR, PartR) Default: ''.
        vat_id (str | Unset): e.g. DE123456789 Default: ''.
    """

    city: str
    federal_state: str
    legal_form: str
    name: str
    postcode: str
    sector: str
    street: str
    account_holder: str | Unset = ""
    annual_turnover: float | str | Unset = 0.0
    balance_sheet_total: float | str | Unset = 0.0
    bic: str | Unset = ""
    email: str | Unset = ""
    employees: int | Unset = 0
    founded_on: datetime.date | None | Unset = UNSET
    iban: str | Unset = ""
    kind: OrganisationRegisterInKind | Unset = OrganisationRegisterInKind.COMPANY
    register_court: str | Unset = ""
    register_number: str | Unset = ""
    vat_id: str | Unset = ""

    def to_dict(self) -> dict[str, Any]:
        city = self.city

        federal_state = self.federal_state

        legal_form = self.legal_form

        name = self.name

        postcode = self.postcode

        sector = self.sector

        street = self.street

        account_holder = self.account_holder

        annual_turnover: float | str | Unset
        if isinstance(self.annual_turnover, Unset):
            annual_turnover = UNSET
        else:
            annual_turnover = self.annual_turnover

        balance_sheet_total: float | str | Unset
        if isinstance(self.balance_sheet_total, Unset):
            balance_sheet_total = UNSET
        else:
            balance_sheet_total = self.balance_sheet_total

        bic = self.bic

        email = self.email

        employees = self.employees

        founded_on: None | str | Unset
        if isinstance(self.founded_on, Unset):
            founded_on = UNSET
        elif isinstance(self.founded_on, datetime.date):
            founded_on = self.founded_on.isoformat()
        else:
            founded_on = self.founded_on

        iban = self.iban

        kind: str | Unset = UNSET
        if not isinstance(self.kind, Unset):
            kind = self.kind.value

        register_court = self.register_court

        register_number = self.register_number

        vat_id = self.vat_id

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "city": city,
                "federal_state": federal_state,
                "legal_form": legal_form,
                "name": name,
                "postcode": postcode,
                "sector": sector,
                "street": street,
            }
        )
        if account_holder is not UNSET:
            field_dict["account_holder"] = account_holder
        if annual_turnover is not UNSET:
            field_dict["annual_turnover"] = annual_turnover
        if balance_sheet_total is not UNSET:
            field_dict["balance_sheet_total"] = balance_sheet_total
        if bic is not UNSET:
            field_dict["bic"] = bic
        if email is not UNSET:
            field_dict["email"] = email
        if employees is not UNSET:
            field_dict["employees"] = employees
        if founded_on is not UNSET:
            field_dict["founded_on"] = founded_on
        if iban is not UNSET:
            field_dict["iban"] = iban
        if kind is not UNSET:
            field_dict["kind"] = kind
        if register_court is not UNSET:
            field_dict["register_court"] = register_court
        if register_number is not UNSET:
            field_dict["register_number"] = register_number
        if vat_id is not UNSET:
            field_dict["vat_id"] = vat_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        city = d.pop("city")

        federal_state = d.pop("federal_state")

        legal_form = d.pop("legal_form")

        name = d.pop("name")

        postcode = d.pop("postcode")

        sector = d.pop("sector")

        street = d.pop("street")

        account_holder = d.pop("account_holder", UNSET)

        def _parse_annual_turnover(data: object) -> float | str | Unset:
            if isinstance(data, Unset):
                return data
            return cast(float | str | Unset, data)

        annual_turnover = _parse_annual_turnover(d.pop("annual_turnover", UNSET))

        def _parse_balance_sheet_total(data: object) -> float | str | Unset:
            if isinstance(data, Unset):
                return data
            return cast(float | str | Unset, data)

        balance_sheet_total = _parse_balance_sheet_total(d.pop("balance_sheet_total", UNSET))

        bic = d.pop("bic", UNSET)

        email = d.pop("email", UNSET)

        employees = d.pop("employees", UNSET)

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

        iban = d.pop("iban", UNSET)

        _kind = d.pop("kind", UNSET)
        kind: OrganisationRegisterInKind | Unset
        if isinstance(_kind, Unset):
            kind = UNSET
        else:
            kind = OrganisationRegisterInKind(_kind)

        register_court = d.pop("register_court", UNSET)

        register_number = d.pop("register_number", UNSET)

        vat_id = d.pop("vat_id", UNSET)

        organisation_register_in = cls(
            city=city,
            federal_state=federal_state,
            legal_form=legal_form,
            name=name,
            postcode=postcode,
            sector=sector,
            street=street,
            account_holder=account_holder,
            annual_turnover=annual_turnover,
            balance_sheet_total=balance_sheet_total,
            bic=bic,
            email=email,
            employees=employees,
            founded_on=founded_on,
            iban=iban,
            kind=kind,
            register_court=register_court,
            register_number=register_number,
            vat_id=vat_id,
        )

        return organisation_register_in
