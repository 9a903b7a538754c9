"""Validators shared by model fields, forms and services, so that every path into a
field (page, API, admin) applies the same rule."""

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from kivoucher.core.errors import DomainError

WEB_SCHEMES = ["http", "https"]

validate_web_url = URLValidator(
    schemes=WEB_SCHEMES,
    message=_("Enter a web address that starts with http:// or https://."),
)
"""A web address a page may link to: http or https, never javascript:, data: or ftp:."""


def web_url_clean(value: str, *, code: str = "invalid_website") -> str:
    """The address without surrounding blanks ("" stays ""), or DomainError."""
    value = (value or "").strip()
    if not value:
        return ""
    try:
        validate_web_url(value)
    except ValidationError as exc:
        raise DomainError(str(exc.messages[0]), code=code) from None
    return value


def web_url_or_empty(value: str) -> str:
    """The address if a page may link to it, else "" (for values stored before the rule)."""
    try:
        validate_web_url(value)
    except ValidationError:
        return ""
    return value
