"""Length limits of what data centres send, checked against the model fields.

PostgreSQL refuses a string longer than its column with a generic database
error, SQLite stores it whole: the services check each string they store (or look
up by a stored column) against the field's `max_length`, so that both databases
answer the same clear message.
"""

from django.db import models
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from kivoucher.core.errors import DomainError


def max_length(model: type[models.Model], name: str) -> int:
    """The `max_length` of a model's character field."""
    return model._meta.get_field(name).max_length


def too_long(model: type[models.Model], name: str, value: str) -> bool:
    return len(value) > max_length(model, name)


def length_check(model: type[models.Model], name: str, value: str, *, label: str) -> str:
    """`value`, or a DomainError (code `too_long`) naming `label` and the limit."""
    limit = max_length(model, name)
    if len(value) > limit:
        raise DomainError(
            _("%(field)s is too long: at most %(limit)s characters, %(length)s given.")
            % {
                "field": label,
                "limit": number_format(limit, force_grouping=True),
                "length": number_format(len(value), force_grouping=True),
            },
            code="too_long",
        )
    return value
