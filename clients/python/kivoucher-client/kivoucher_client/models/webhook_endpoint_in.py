from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="WebhookEndpointIn")


@_attrs_define
class WebhookEndpointIn:
    """
    Attributes:
        events (list[str]):
        url (str):
        description (str | Unset):  Default: ''.
        organisation (int | None | Unset):
    """

    events: list[str]
    url: str
    description: str | Unset = ""
    organisation: int | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        events = self.events

        url = self.url

        description = self.description

        organisation: int | None | Unset
        if isinstance(self.organisation, Unset):
            organisation = UNSET
        else:
            organisation = self.organisation

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "events": events,
                "url": url,
            }
        )
        if description is not UNSET:
            field_dict["description"] = description
        if organisation is not UNSET:
            field_dict["organisation"] = organisation

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        events = cast(list[str], d.pop("events"))

        url = d.pop("url")

        description = d.pop("description", UNSET)

        def _parse_organisation(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        organisation = _parse_organisation(d.pop("organisation", UNSET))

        webhook_endpoint_in = cls(
            events=events,
            url=url,
            description=description,
            organisation=organisation,
        )

        return webhook_endpoint_in
