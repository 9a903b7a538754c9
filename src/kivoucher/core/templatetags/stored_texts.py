"""`{{ rule|shown:"label" }}`: a text of a stored record in the reader's language
(see `kivoucher.core.texts`); records stored before that show their text as it is."""

from django import template

from kivoucher.core.texts import item_text

register = template.Library()


@register.filter
def shown(item, key: str) -> str:
    return item_text(item, key)
