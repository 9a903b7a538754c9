from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.accreditation_out_answers import AccreditationOutAnswers


T = TypeVar("T", bound="AccreditationOut")


@_attrs_define
class AccreditationOut:
    """
    Attributes:
        annual_cap (None | str):
        answers (AccreditationOutAnswers):
        categories (list[str]):
        competences (list[str]):
        decided_at (datetime.datetime | None):
        description (str):
        evidence (list[str]):
        id (int):
        organisation (int):
        organisation_name (str):
        programme (str):
        reason (str):
        status (str):
        submitted_at (datetime.datetime):
        valid_from (datetime.date | None):
        valid_until (datetime.date | None):
    """

    annual_cap: None | str
    answers: AccreditationOutAnswers
    categories: list[str]
    competences: list[str]
    decided_at: datetime.datetime | None
    description: str
    evidence: list[str]
    id: int
    organisation: int
    organisation_name: str
    programme: str
    reason: str
    status: str
    submitted_at: datetime.datetime
    valid_from: datetime.date | None
    valid_until: datetime.date | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        annual_cap: None | str
        annual_cap = self.annual_cap

        answers = self.answers.to_dict()

        categories = self.categories

        competences = self.competences

        decided_at: None | str
        if isinstance(self.decided_at, datetime.datetime):
            decided_at = self.decided_at.isoformat()
        else:
            decided_at = self.decided_at

        description = self.description

        evidence = self.evidence

        id = self.id

        organisation = self.organisation

        organisation_name = self.organisation_name

        programme = self.programme

        reason = self.reason

        status = self.status

        submitted_at = self.submitted_at.isoformat()

        valid_from: None | str
        if isinstance(self.valid_from, datetime.date):
            valid_from = self.valid_from.isoformat()
        else:
            valid_from = self.valid_from

        valid_until: None | str
        if isinstance(self.valid_until, datetime.date):
            valid_until = self.valid_until.isoformat()
        else:
            valid_until = self.valid_until

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "annual_cap": annual_cap,
                "answers": answers,
                "categories": categories,
                "competences": competences,
                "decided_at": decided_at,
                "description": description,
                "evidence": evidence,
                "id": id,
                "organisation": organisation,
                "organisation_name": organisation_name,
                "programme": programme,
                "reason": reason,
                "status": status,
                "submitted_at": submitted_at,
                "valid_from": valid_from,
                "valid_until": valid_until,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.accreditation_out_answers import AccreditationOutAnswers  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_annual_cap(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        annual_cap = _parse_annual_cap(d.pop("annual_cap"))

        answers = AccreditationOutAnswers.from_dict(d.pop("answers"))

        categories = cast(list[str], d.pop("categories"))

        competences = cast(list[str], d.pop("competences"))

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

        description = d.pop("description")

        evidence = cast(list[str], d.pop("evidence"))

        id = d.pop("id")

        organisation = d.pop("organisation")

        organisation_name = d.pop("organisation_name")

        programme = d.pop("programme")

        reason = d.pop("reason")

        status = d.pop("status")

        submitted_at = datetime.datetime.fromisoformat(d.pop("submitted_at"))

        def _parse_valid_from(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                valid_from_type_0 = datetime.date.fromisoformat(data)

                return valid_from_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        valid_from = _parse_valid_from(d.pop("valid_from"))

        def _parse_valid_until(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                valid_until_type_0 = datetime.date.fromisoformat(data)

                return valid_until_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        valid_until = _parse_valid_until(d.pop("valid_until"))

        accreditation_out = cls(
            annual_cap=annual_cap,
            answers=answers,
            categories=categories,
            competences=competences,
            decided_at=decided_at,
            description=description,
            evidence=evidence,
            id=id,
            organisation=organisation,
            organisation_name=organisation_name,
            programme=programme,
            reason=reason,
            status=status,
            submitted_at=submitted_at,
            valid_from=valid_from,
            valid_until=valid_until,
        )

        accreditation_out.additional_properties = d
        return accreditation_out

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
