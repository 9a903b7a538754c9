from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.aid_out import AidOut


T = TypeVar("T", bound="ApplicationOut")


@_attrs_define
class ApplicationOut:
    """
    Attributes:
        call (int):
        category (None | str):
        de_minimis_declared (bool):
        decided_at (datetime.datetime | None):
        decision_reason (str):
        declared_aid (list[AidOut]):
        declared_ties (str): Declared ties with the provider; empty: none.
        description (str):
        granted_amount (None | str):
        id (int):
        not_in_difficulty (bool):
        organisation (int):
        planned_costs (str):
        planned_end (datetime.date | None):
        planned_start (datetime.date | None):
        programme (str):
        provider (int | None): The provider's organisation id (`organisation_id` in the directory).
        reference (str):
        requested_grant (str):
        review_score (int | None):
        selection (str):
        size_class (str):
        sme_declared (bool):
        status (str):
        submitted_at (datetime.datetime | None):
        title (str):
        voucher (None | str):
    """

    call: int
    category: None | str
    de_minimis_declared: bool
    decided_at: datetime.datetime | None
    decision_reason: str
    declared_aid: list[AidOut]
    declared_ties: str
    description: str
    granted_amount: None | str
    id: int
    not_in_difficulty: bool
    organisation: int
    planned_costs: str
    planned_end: datetime.date | None
    planned_start: datetime.date | None
    programme: str
    provider: int | None
    reference: str
    requested_grant: str
    review_score: int | None
    selection: str
    size_class: str
    sme_declared: bool
    status: str
    submitted_at: datetime.datetime | None
    title: str
    voucher: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        call = self.call

        category: None | str
        category = self.category

        de_minimis_declared = self.de_minimis_declared

        decided_at: None | str
        if isinstance(self.decided_at, datetime.datetime):
            decided_at = self.decided_at.isoformat()
        else:
            decided_at = self.decided_at

        decision_reason = self.decision_reason

        declared_aid = []
        for declared_aid_item_data in self.declared_aid:
            declared_aid_item = declared_aid_item_data.to_dict()
            declared_aid.append(declared_aid_item)

        declared_ties = self.declared_ties

        description = self.description

        granted_amount: None | str
        granted_amount = self.granted_amount

        id = self.id

        not_in_difficulty = self.not_in_difficulty

        organisation = self.organisation

        planned_costs = self.planned_costs

        planned_end: None | str
        if isinstance(self.planned_end, datetime.date):
            planned_end = self.planned_end.isoformat()
        else:
            planned_end = self.planned_end

        planned_start: None | str
        if isinstance(self.planned_start, datetime.date):
            planned_start = self.planned_start.isoformat()
        else:
            planned_start = self.planned_start

        programme = self.programme

        provider: int | None
        provider = self.provider

        reference = self.reference

        requested_grant = self.requested_grant

        review_score: int | None
        review_score = self.review_score

        selection = self.selection

        size_class = self.size_class

        sme_declared = self.sme_declared

        status = self.status

        submitted_at: None | str
        if isinstance(self.submitted_at, datetime.datetime):
            submitted_at = self.submitted_at.isoformat()
        else:
            submitted_at = self.submitted_at

        title = self.title

        voucher: None | str
        voucher = self.voucher

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "call": call,
                "category": category,
                "de_minimis_declared": de_minimis_declared,
                "decided_at": decided_at,
                "decision_reason": decision_reason,
                "declared_aid": declared_aid,
                "declared_ties": declared_ties,
                "description": description,
                "granted_amount": granted_amount,
                "id": id,
                "not_in_difficulty": not_in_difficulty,
                "organisation": organisation,
                "planned_costs": planned_costs,
                "planned_end": planned_end,
                "planned_start": planned_start,
                "programme": programme,
                "provider": provider,
                "reference": reference,
                "requested_grant": requested_grant,
                "review_score": review_score,
                "selection": selection,
                "size_class": size_class,
                "sme_declared": sme_declared,
                "status": status,
                "submitted_at": submitted_at,
                "title": title,
                "voucher": voucher,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.aid_out import AidOut  # noqa: PLC0415

        d = dict(src_dict)
        call = d.pop("call")

        def _parse_category(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        category = _parse_category(d.pop("category"))

        de_minimis_declared = d.pop("de_minimis_declared")

        def _parse_decided_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                decided_at_type_0 = datetime.datetime.fromisoformat(data)

                return decided_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        decided_at = _parse_decided_at(d.pop("decided_at"))

        decision_reason = d.pop("decision_reason")

        declared_aid = []
        _declared_aid = d.pop("declared_aid")
        for declared_aid_item_data in _declared_aid:
            declared_aid_item = AidOut.from_dict(declared_aid_item_data)

            declared_aid.append(declared_aid_item)

        declared_ties = d.pop("declared_ties")

        description = d.pop("description")

        def _parse_granted_amount(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        granted_amount = _parse_granted_amount(d.pop("granted_amount"))

        id = d.pop("id")

        not_in_difficulty = d.pop("not_in_difficulty")

        organisation = d.pop("organisation")

        planned_costs = d.pop("planned_costs")

        def _parse_planned_end(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                planned_end_type_0 = datetime.date.fromisoformat(data)

                return planned_end_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        planned_end = _parse_planned_end(d.pop("planned_end"))

        def _parse_planned_start(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                planned_start_type_0 = datetime.date.fromisoformat(data)

                return planned_start_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        planned_start = _parse_planned_start(d.pop("planned_start"))

        programme = d.pop("programme")

        def _parse_provider(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        provider = _parse_provider(d.pop("provider"))

        reference = d.pop("reference")

        requested_grant = d.pop("requested_grant")

        def _parse_review_score(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        review_score = _parse_review_score(d.pop("review_score"))

        selection = d.pop("selection")

        size_class = d.pop("size_class")

        sme_declared = d.pop("sme_declared")

        status = d.pop("status")

        def _parse_submitted_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                submitted_at_type_0 = datetime.datetime.fromisoformat(data)

                return submitted_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        submitted_at = _parse_submitted_at(d.pop("submitted_at"))

        title = d.pop("title")

        def _parse_voucher(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        voucher = _parse_voucher(d.pop("voucher"))

        application_out = cls(
            call=call,
            category=category,
            de_minimis_declared=de_minimis_declared,
            decided_at=decided_at,
            decision_reason=decision_reason,
            declared_aid=declared_aid,
            declared_ties=declared_ties,
            description=description,
            granted_amount=granted_amount,
            id=id,
            not_in_difficulty=not_in_difficulty,
            organisation=organisation,
            planned_costs=planned_costs,
            planned_end=planned_end,
            planned_start=planned_start,
            programme=programme,
            provider=provider,
            reference=reference,
            requested_grant=requested_grant,
            review_score=review_score,
            selection=selection,
            size_class=size_class,
            sme_declared=sme_declared,
            status=status,
            submitted_at=submitted_at,
            title=title,
            voucher=voucher,
        )

        application_out.additional_properties = d
        return application_out

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
