from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="InvestorProfileOut")


@_attrs_define
class InvestorProfileOut:
    """
    Attributes:
        annual_income (None | str):
        classified_at (datetime.datetime | None):
        id (int | None):
        knowledge_test_passed_at (datetime.datetime | None):
        knowledge_test_valid (bool):
        natural_person (bool):
        net_worth (None | str):
        organisation (str):
        ready_to_subscribe (bool): Sophisticated, or knowledge test and loss simulation done.
        simulation_at (datetime.datetime | None):
        sophisticated (bool):
    """

    annual_income: None | str
    classified_at: datetime.datetime | None
    id: int | None
    knowledge_test_passed_at: datetime.datetime | None
    knowledge_test_valid: bool
    natural_person: bool
    net_worth: None | str
    organisation: str
    ready_to_subscribe: bool
    simulation_at: datetime.datetime | None
    sophisticated: bool
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        annual_income: None | str
        annual_income = self.annual_income

        classified_at: None | str
        if isinstance(self.classified_at, datetime.datetime):
            classified_at = self.classified_at.isoformat()
        else:
            classified_at = self.classified_at

        id: int | None
        id = self.id

        knowledge_test_passed_at: None | str
        if isinstance(self.knowledge_test_passed_at, datetime.datetime):
            knowledge_test_passed_at = self.knowledge_test_passed_at.isoformat()
        else:
            knowledge_test_passed_at = self.knowledge_test_passed_at

        knowledge_test_valid = self.knowledge_test_valid

        natural_person = self.natural_person

        net_worth: None | str
        net_worth = self.net_worth

        organisation = self.organisation

        ready_to_subscribe = self.ready_to_subscribe

        simulation_at: None | str
        if isinstance(self.simulation_at, datetime.datetime):
            simulation_at = self.simulation_at.isoformat()
        else:
            simulation_at = self.simulation_at

        sophisticated = self.sophisticated

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "annual_income": annual_income,
                "classified_at": classified_at,
                "id": id,
                "knowledge_test_passed_at": knowledge_test_passed_at,
                "knowledge_test_valid": knowledge_test_valid,
                "natural_person": natural_person,
                "net_worth": net_worth,
                "organisation": organisation,
                "ready_to_subscribe": ready_to_subscribe,
                "simulation_at": simulation_at,
                "sophisticated": sophisticated,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_annual_income(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        annual_income = _parse_annual_income(d.pop("annual_income"))

        def _parse_classified_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                classified_at_type_0 = datetime.datetime.fromisoformat(data)

                return classified_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        classified_at = _parse_classified_at(d.pop("classified_at"))

        def _parse_id(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        id = _parse_id(d.pop("id"))

        def _parse_knowledge_test_passed_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                knowledge_test_passed_at_type_0 = datetime.datetime.fromisoformat(data)

                return knowledge_test_passed_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        knowledge_test_passed_at = _parse_knowledge_test_passed_at(d.pop("knowledge_test_passed_at"))

        knowledge_test_valid = d.pop("knowledge_test_valid")

        natural_person = d.pop("natural_person")

        def _parse_net_worth(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        net_worth = _parse_net_worth(d.pop("net_worth"))

        organisation = d.pop("organisation")

        ready_to_subscribe = d.pop("ready_to_subscribe")

        def _parse_simulation_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                simulation_at_type_0 = datetime.datetime.fromisoformat(data)

                return simulation_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        simulation_at = _parse_simulation_at(d.pop("simulation_at"))

        sophisticated = d.pop("sophisticated")

        investor_profile_out = cls(
            annual_income=annual_income,
            classified_at=classified_at,
            id=id,
            knowledge_test_passed_at=knowledge_test_passed_at,
            knowledge_test_valid=knowledge_test_valid,
            natural_person=natural_person,
            net_worth=net_worth,
            organisation=organisation,
            ready_to_subscribe=ready_to_subscribe,
            simulation_at=simulation_at,
            sophisticated=sophisticated,
        )

        investor_profile_out.additional_properties = d
        return investor_profile_out

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
