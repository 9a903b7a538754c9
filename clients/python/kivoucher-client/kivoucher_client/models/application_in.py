from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.aid_in import AidIn


T = TypeVar("T", bound="ApplicationIn")


@_attrs_define
class ApplicationIn:
    """
    Attributes:
        call (int | None | Unset):
        category (None | str | Unset):
        de_minimis_declared (bool | None | Unset):
        declared_aid (list[AidIn] | None | Unset):
        declared_ties (None | str | Unset): Ownership, personal or business ties with the provider, described; empty (or
            an answer meaning none, such as 'keine' or '-') if there are none. Any description counts as a declared tie and
            fails `provider_independent`.
        description (None | str | Unset):
        not_in_difficulty (bool | None | Unset):
        organisation (int | None | Unset):
        planned_costs (int | None | str | Unset):
        planned_end (datetime.date | None | Unset):
        planned_start (datetime.date | None | Unset):
        provider (int | None | Unset): The provider's organisation id: `organisation_id` of an entry of the provider
            directory (GET /api/v1/providers). Only a provider accredited for the call's programme is accepted (else 422
            `invalid_provider`).
        sme_declared (bool | None | Unset):
        title (None | str | Unset):
    """

    call: int | None | Unset = UNSET
    category: None | str | Unset = UNSET
    de_minimis_declared: bool | None | Unset = UNSET
    declared_aid: list[AidIn] | None | Unset = UNSET
    declared_ties: None | str | Unset = UNSET
    description: None | str | Unset = UNSET
    not_in_difficulty: bool | None | Unset = UNSET
    organisation: int | None | Unset = UNSET
    planned_costs: int | None | str | Unset = UNSET
    planned_end: datetime.date | None | Unset = UNSET
    planned_start: datetime.date | None | Unset = UNSET
    provider: int | None | Unset = UNSET
    sme_declared: bool | None | Unset = UNSET
    title: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        call: int | None | Unset
        if isinstance(self.call, Unset):
            call = UNSET
        else:
            call = self.call

        category: None | str | Unset
        if isinstance(self.category, Unset):
            category = UNSET
        else:
            category = self.category

        de_minimis_declared: bool | None | Unset
        if isinstance(self.de_minimis_declared, Unset):
            de_minimis_declared = UNSET
        else:
            de_minimis_declared = self.de_minimis_declared

        declared_aid: list[dict[str, Any]] | None | Unset
        if isinstance(self.declared_aid, Unset):
            declared_aid = UNSET
        elif isinstance(self.declared_aid, list):
            declared_aid = []
            for declared_aid_type_0_item_data in self.declared_aid:
                declared_aid_type_0_item = declared_aid_type_0_item_data.to_dict()
                declared_aid.append(declared_aid_type_0_item)

        else:
            declared_aid = self.declared_aid

        declared_ties: None | str | Unset
        if isinstance(self.declared_ties, Unset):
            declared_ties = UNSET
        else:
            declared_ties = self.declared_ties

        description: None | str | Unset
        if isinstance(self.description, Unset):
            description = UNSET
        else:
            description = self.description

        not_in_difficulty: bool | None | Unset
        if isinstance(self.not_in_difficulty, Unset):
            not_in_difficulty = UNSET
        else:
            not_in_difficulty = self.not_in_difficulty

        organisation: int | None | Unset
        if isinstance(self.organisation, Unset):
            organisation = UNSET
        else:
            organisation = self.organisation

        planned_costs: int | None | str | Unset
        if isinstance(self.planned_costs, Unset):
            planned_costs = UNSET
        else:
            planned_costs = self.planned_costs

        planned_end: None | str | Unset
        if isinstance(self.planned_end, Unset):
            planned_end = UNSET
        elif isinstance(self.planned_end, datetime.date):
            planned_end = self.planned_end.isoformat()
        else:
            planned_end = self.planned_end

        planned_start: None | str | Unset
        if isinstance(self.planned_start, Unset):
            planned_start = UNSET
        elif isinstance(self.planned_start, datetime.date):
            planned_start = self.planned_start.isoformat()
        else:
            planned_start = self.planned_start

        provider: int | None | Unset
        if isinstance(self.provider, Unset):
            provider = UNSET
        else:
            provider = self.provider

        sme_declared: bool | None | Unset
        if isinstance(self.sme_declared, Unset):
            sme_declared = UNSET
        else:
            sme_declared = self.sme_declared

        title: None | str | Unset
        if isinstance(self.title, Unset):
            title = UNSET
        else:
            title = self.title

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if call is not UNSET:
            field_dict["call"] = call
        if category is not UNSET:
            field_dict["category"] = category
        if de_minimis_declared is not UNSET:
            field_dict["de_minimis_declared"] = de_minimis_declared
        if declared_aid is not UNSET:
            field_dict["declared_aid"] = declared_aid
        if declared_ties is not UNSET:
            field_dict["declared_ties"] = declared_ties
        if description is not UNSET:
            field_dict["description"] = description
        if not_in_difficulty is not UNSET:
            field_dict["not_in_difficulty"] = not_in_difficulty
        if organisation is not UNSET:
            field_dict["organisation"] = organisation
        if planned_costs is not UNSET:
            field_dict["planned_costs"] = planned_costs
        if planned_end is not UNSET:
            field_dict["planned_end"] = planned_end
        if planned_start is not UNSET:
            field_dict["planned_start"] = planned_start
        if provider is not UNSET:
            field_dict["provider"] = provider
        if sme_declared is not UNSET:
            field_dict["sme_declared"] = sme_declared
        if title is not UNSET:
            field_dict["title"] = title

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.aid_in import AidIn  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_call(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        call = _parse_call(d.pop("call", UNSET))

        def _parse_category(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        category = _parse_category(d.pop("category", UNSET))

        def _parse_de_minimis_declared(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        de_minimis_declared = _parse_de_minimis_declared(d.pop("de_minimis_declared", UNSET))

        def _parse_declared_aid(data: object) -> list[AidIn] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                declared_aid_type_0 = []
                _declared_aid_type_0 = data
                for declared_aid_type_0_item_data in _declared_aid_type_0:
                    declared_aid_type_0_item = AidIn.from_dict(declared_aid_type_0_item_data)

                    declared_aid_type_0.append(declared_aid_type_0_item)

                return declared_aid_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[AidIn] | None | Unset, data)

        declared_aid = _parse_declared_aid(d.pop("declared_aid", UNSET))

        def _parse_declared_ties(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        declared_ties = _parse_declared_ties(d.pop("declared_ties", UNSET))

        def _parse_description(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        description = _parse_description(d.pop("description", UNSET))

        def _parse_not_in_difficulty(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        not_in_difficulty = _parse_not_in_difficulty(d.pop("not_in_difficulty", UNSET))

        def _parse_organisation(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        organisation = _parse_organisation(d.pop("organisation", UNSET))

        def _parse_planned_costs(data: object) -> int | None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | str | Unset, data)

        planned_costs = _parse_planned_costs(d.pop("planned_costs", UNSET))

        def _parse_planned_end(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                planned_end_type_0 = datetime.date.fromisoformat(data)

                return planned_end_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        planned_end = _parse_planned_end(d.pop("planned_end", UNSET))

        def _parse_planned_start(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                planned_start_type_0 = datetime.date.fromisoformat(data)

                return planned_start_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        planned_start = _parse_planned_start(d.pop("planned_start", UNSET))

        def _parse_provider(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        provider = _parse_provider(d.pop("provider", UNSET))

        def _parse_sme_declared(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        sme_declared = _parse_sme_declared(d.pop("sme_declared", UNSET))

        def _parse_title(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        title = _parse_title(d.pop("title", UNSET))

        application_in = cls(
            call=call,
            category=category,
            de_minimis_declared=de_minimis_declared,
            declared_aid=declared_aid,
            declared_ties=declared_ties,
            description=description,
            not_in_difficulty=not_in_difficulty,
            organisation=organisation,
            planned_costs=planned_costs,
            planned_end=planned_end,
            planned_start=planned_start,
            provider=provider,
            sme_declared=sme_declared,
            title=title,
        )

        return application_in
