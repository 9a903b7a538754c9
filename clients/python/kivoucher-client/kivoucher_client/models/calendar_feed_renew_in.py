from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.calendar_feed_renew_in_language_type_0 import CalendarFeedRenewInLanguageType0
from ..types import UNSET, Unset

T = TypeVar("T", bound="CalendarFeedRenewIn")


@_attrs_define
class CalendarFeedRenewIn:
    """
    Attributes:
        language (CalendarFeedRenewInLanguageType0 | None | Unset): Language of the feed; default: the request's.
        valid_days (int | None | Unset): Days the new URL is valid; null: until renewed.
    """

    language: CalendarFeedRenewInLanguageType0 | None | Unset = UNSET
    valid_days: int | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        language: None | str | Unset
        if isinstance(self.language, Unset):
            language = UNSET
        elif isinstance(self.language, CalendarFeedRenewInLanguageType0):
            language = self.language.value
        else:
            language = self.language

        valid_days: int | None | Unset
        if isinstance(self.valid_days, Unset):
            valid_days = UNSET
        else:
            valid_days = self.valid_days

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if language is not UNSET:
            field_dict["language"] = language
        if valid_days is not UNSET:
            field_dict["valid_days"] = valid_days

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_language(data: object) -> CalendarFeedRenewInLanguageType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                language_type_0 = CalendarFeedRenewInLanguageType0(data)

                return language_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(CalendarFeedRenewInLanguageType0 | None | Unset, data)

        language = _parse_language(d.pop("language", UNSET))

        def _parse_valid_days(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        valid_days = _parse_valid_days(d.pop("valid_days", UNSET))

        calendar_feed_renew_in = cls(
            language=language,
            valid_days=valid_days,
        )

        return calendar_feed_renew_in
