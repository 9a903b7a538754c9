from decimal import Decimal, InvalidOperation

from django import template
from django.utils.formats import number_format

from kivoucher.compute.wording import price_shown, rejection_reason
from kivoucher.core.money import format_eur

register = template.Library()


@register.filter
def eur(value) -> str:
    """12345.6 -> "12.345,60 €" (German notation)."""
    try:
        return format_eur(Decimal(str(value)))
    except (InvalidOperation, ValueError, TypeError):
        return ""


@register.filter
def eur_price(value) -> str:
    """A unit price, 2.5 -> "2,50 €", 0.0425 -> "0,0425 €"."""
    try:
        return price_shown(Decimal(str(value)))
    except (InvalidOperation, ValueError, TypeError):
        return ""


@register.simple_tag
def hours_for(value, price) -> str:
    """How many whole units `value` euros buy at `price` ("20.000")."""
    try:
        units = Decimal(str(value)) // Decimal(str(price))
    except (InvalidOperation, ValueError, TypeError, ZeroDivisionError):
        return ""
    return number_format(units, 0, force_grouping=True)


@register.filter
def reason_text(code) -> str:
    """A rejection reason code in words ("unknown_voucher" -> "No voucher ...")."""
    return rejection_reason(code)


@register.simple_tag(takes_context=True)
def page_url(context, name: str, number: int) -> str:
    """The query string of this page with page parameter `name` set to `number`,
    keeping the others (a page with two paged lists keeps the other's page)."""
    query = context["request"].GET.copy()
    query[name] = number
    return "?" + query.urlencode()
