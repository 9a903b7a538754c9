from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="DirectoryOut")


@_attrs_define
class DirectoryOut:
    """
    Attributes:
        categories (list[str]):
        city (str):
        competences (list[str]):
        description (str):
        federal_state (str):
        id (int): The directory entry (GET /api/v1/providers/{id}).
        name (str):
        organisation_id (int): The provider's organisation: the `provider` of an application.
        programme (str):
        valid_until (datetime.date):
        website (str):
    """

    categories: list[str]
    city: str
    competences: list[str]
    description: str
    federal_state: str
    id: int
    name: str
    organisation_id: int
    programme: str
    valid_until: datetime.date
    website: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        categories = self.categories

        city = self.city

        competences = self.competences

        description = self.description

        federal_state = self.federal_state

        id = self.id

        name = self.name

        organisation_id = self.organisation_id

        programme = self.programme

        valid_until = self.valid_until.isoformat()

        website = self.website

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "categories": categories,
                "city": city,
                "competences": competences,
                "description": description,
                "federal_state": federal_state,
                "id": id,
                "name": name,
                "organisation_id": organisation_id,
                "programme": programme,
                "valid_until": valid_until,
                "website": website,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        categories = cast(list[str], d.pop("categories"))

        city = d.pop("city")

        competences = cast(list[str], d.pop("competences"))

        description = d.pop("description")

        federal_state = d.pop("federal_state")

        id = d.pop("id")

        name = d.pop("name")

        organisation_id = d.pop("organisation_id")

        programme = d.pop("programme")

        valid_until = datetime.date.fromisoformat(d.pop("valid_until"))

        website = d.pop("website")

        directory_out = cls(
            categories=categories,
            city=city,
            competences=competences,
            description=description,
            federal_state=federal_state,
            id=id,
            name=name,
            organisation_id=organisation_id,
            programme=programme,
            valid_until=valid_until,
            website=website,
        )

        directory_out.additional_properties = d
        return directory_out

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
