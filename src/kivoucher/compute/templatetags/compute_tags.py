from decimal import Decimal, InvalidOperation

from django import template

from kivoucher.core.money import format_eur

register = template.Library()


@register.filter
def eur(value) -> str:
    """12345.6 -> "12.345,60 €" (German notation)."""
    try:
        return format_eur(Decimal(str(value)))
    except (InvalidOperation, ValueError, TypeError):
        return ""
