"""Money is Decimal euros with two places, never float."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.translation import gettext as _

from kivoucher.core.errors import DomainError

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
MAX_AMOUNT = Decimal("1000000000000.00")  # anything above a trillion euros is a typo


def round_money(value: Decimal) -> Decimal:
    """Round a computed amount (rate x costs) to cents, commercially."""
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def parse_money(value, *, field: str = "amount", allow_negative: bool = False) -> Decimal:
    """Parse user input into euros; refuse floats, more than two decimals and absurd values."""
    if isinstance(value, float):
        raise DomainError(
            _("%(field)s must be given as a decimal string, not a float.") % {"field": field},
            code="invalid_amount",
        )
    try:
        amount = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise DomainError(_("%(field)s is not a number.") % {"field": field}, code="invalid_amount")
    if not amount.is_finite():
        raise DomainError(_("%(field)s is not a number.") % {"field": field}, code="invalid_amount")
    if amount.as_tuple().exponent < -2 and amount != amount.quantize(CENT):
        raise DomainError(
            _("%(field)s has more than two decimal places.") % {"field": field},
            code="invalid_amount",
        )
    if amount < 0 and not allow_negative:
        raise DomainError(
            _("%(field)s must not be negative.") % {"field": field}, code="invalid_amount"
        )
    if abs(amount) > MAX_AMOUNT:
        raise DomainError(
            _("%(field)s is implausibly large.") % {"field": field}, code="invalid_amount"
        )
    return amount.quantize(CENT)


def format_eur(amount: Decimal) -> str:
    """German display: 12.345,67 €."""
    text = f"{Decimal(amount).quantize(CENT):,.2f}"
    return text.replace(",", "\u2009").replace(".", ",").replace("\u2009", ".") + "\u00a0€"
