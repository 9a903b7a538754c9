from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.kyc_person_in import KycPersonIn


T = TypeVar("T", bound="KycIn")


@_attrs_define
class KycIn:
    """
    Attributes:
        persons (list[KycPersonIn]):
        register_extract (str | Unset):  Default: ''.
    """

    persons: list[KycPersonIn]
    register_extract: str | Unset = ""

    def to_dict(self) -> dict[str, Any]:
        persons = []
        for persons_item_data in self.persons:
            persons_item = persons_item_data.to_dict()
            persons.append(persons_item)

        register_extract = self.register_extract

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "persons": persons,
            }
        )
        if register_extract is not UNSET:
            field_dict["register_extract"] = register_extract

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.kyc_person_in import KycPersonIn  # noqa: PLC0415

        d = dict(src_dict)
        persons = []
        _persons = d.pop("persons")
        for persons_item_data in _persons:
            persons_item = KycPersonIn.from_dict(persons_item_data)

            persons.append(persons_item)

        register_extract = d.pop("register_extract", UNSET)

        kyc_in = cls(
            persons=persons,
            register_extract=register_extract,
        )

        return kyc_in
