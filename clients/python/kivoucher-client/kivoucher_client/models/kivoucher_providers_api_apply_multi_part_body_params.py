from __future__ import annotations

from collections.abc import Mapping
from io import BytesIO
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from .. import types
from ..types import UNSET, File, FileTypes, Unset

T = TypeVar("T", bound="KivoucherProvidersApiApplyMultiPartBodyParams")


@_attrs_define
class KivoucherProvidersApiApplyMultiPartBodyParams:
    """
    Attributes:
        competences (str):
        description (str):
        programme (str):
        answers (str | Unset):  Default: '{}'.
        categories (str | Unset):  Default: ''.
        evidence (list[File] | Unset):
        website (str | Unset):  Default: ''.
    """

    competences: str
    description: str
    programme: str
    answers: str | Unset = "{}"
    categories: str | Unset = ""
    evidence: list[File] | Unset = UNSET
    website: str | Unset = ""
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        competences = self.competences

        description = self.description

        programme = self.programme

        answers = self.answers

        categories = self.categories

        evidence: list[FileTypes] | Unset = UNSET
        if not isinstance(self.evidence, Unset):
            evidence = []
            for evidence_item_data in self.evidence:
                evidence_item = evidence_item_data.to_tuple()

                evidence.append(evidence_item)

        website = self.website

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "competences": competences,
                "description": description,
                "programme": programme,
            }
        )
        if answers is not UNSET:
            field_dict["answers"] = answers
        if categories is not UNSET:
            field_dict["categories"] = categories
        if evidence is not UNSET:
            field_dict["evidence"] = evidence
        if website is not UNSET:
            field_dict["website"] = website

        return field_dict

    def to_multipart(self) -> types.RequestFiles:
        files: types.RequestFiles = []

        files.append(("competences", (None, str(self.competences).encode(), "text/plain")))

        files.append(("description", (None, str(self.description).encode(), "text/plain")))

        files.append(("programme", (None, str(self.programme).encode(), "text/plain")))

        if not isinstance(self.answers, Unset):
            files.append(("answers", (None, str(self.answers).encode(), "text/plain")))

        if not isinstance(self.categories, Unset):
            files.append(("categories", (None, str(self.categories).encode(), "text/plain")))

        if not isinstance(self.evidence, Unset):
            for evidence_item_element in self.evidence:
                files.append(("evidence", evidence_item_element.to_tuple()))

        if not isinstance(self.website, Unset):
            files.append(("website", (None, str(self.website).encode(), "text/plain")))

        for prop_name, prop in self.additional_properties.items():
            files.append((prop_name, (None, str(prop).encode(), "text/plain")))

        return files

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        competences = d.pop("competences")

        description = d.pop("description")

        programme = d.pop("programme")

        answers = d.pop("answers", UNSET)

        categories = d.pop("categories", UNSET)

        _evidence = d.pop("evidence", UNSET)
        evidence: list[File] | Unset = UNSET
        if _evidence is not UNSET:
            evidence = []
            for evidence_item_data in _evidence:
                evidence_item = File(payload=BytesIO(evidence_item_data))

                evidence.append(evidence_item)

        website = d.pop("website", UNSET)

        kivoucher_providers_api_apply_multi_part_body_params = cls(
            competences=competences,
            description=description,
            programme=programme,
            answers=answers,
            categories=categories,
            evidence=evidence,
            website=website,
        )

        kivoucher_providers_api_apply_multi_part_body_params.additional_properties = d
        return kivoucher_providers_api_apply_multi_part_body_params

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
