"""Validation of official identifiers with python-stdnum and schwifty."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from schwifty import BIC, IBAN
from schwifty.exceptions import SchwiftyException
from stdnum.eu import vat
from stdnum.exceptions import ValidationError as StdnumError


def normalise_vat_id(value: str) -> str:
    try:
        return vat.validate(value)
    except StdnumError:
        raise ValidationError(
            _("%(value)s is not a valid VAT ID."), code="invalid_vat_id", params={"value": value}
        )


def validate_vat_id(value: str) -> None:
    if value:
        normalise_vat_id(value)


def normalise_iban(value: str) -> str:
    try:
        return IBAN(value).compact
    except SchwiftyException:
        raise ValidationError(
            _("%(value)s is not a valid IBAN."), code="invalid_iban", params={"value": value}
        )


def validate_iban(value: str) -> None:
    if value:
        normalise_iban(value)


def validate_bic(value: str) -> None:
    if value:
        try:
            BIC(value)
        except SchwiftyException:
            raise ValidationError(
                _("%(value)s is not a valid BIC."), code="invalid_bic", params={"value": value}
            )


# The commercial register's divisions (Handelsregisterverordnung, GenRegV, PRV, VRV,
# PartGG): "HRB 12345", Berlin adds a letter ("HRB 201234 B").
REGISTER_KINDS = ("HRA", "HRB", "GnR", "PR", "VR", "PartR", "GsR")
_REGISTER_NUMBER = re.compile(
    r"^\s*(?P<kind>HRA|HRB|GNR|PR|VR|PARTR|GSR)\s*\.?\s*(?:NR\.?\s*)?"
    r"(?P<number>\d{1,7})(?:\s*(?P<suffix>[A-Z]{1,2}))?\s*$",
    re.IGNORECASE,
)
_REGISTER_KIND_SPELLING = {kind.upper(): kind for kind in REGISTER_KINDS}
_COURT_PREFIXES = ("amtsgericht ", "registergericht ", "ag ")


def normalise_register_number(value: str) -> str:
    """`hrb12345` -> `HRB 12345`; refused unless it is a register kind and a number."""
    match = _REGISTER_NUMBER.match(value or "")
    if match is None:
        raise ValidationError(
            _(
                "%(value)s is not a register number: write the register and the number, "
                "e.g. HRB 12345 (HRA, HRB, GnR, PR, VR or PartR)."
            ),
            code="invalid_register_number",
            params={"value": value},
        )
    kind = _REGISTER_KIND_SPELLING[match["kind"].upper()]
    number = str(int(match["number"]))
    suffix = (match["suffix"] or "").upper()
    return f"{kind} {number}{' ' + suffix if suffix else ''}"


def validate_register_number(value: str) -> None:
    if value:
        normalise_register_number(value)


def register_court_key(value: str) -> str:
    """The court's name for comparison: "AG München" and "Amtsgericht München" are one
    court."""
    key = " ".join((value or "").split()).casefold()
    for prefix in _COURT_PREFIXES:
        if key.startswith(prefix):
            key = key[len(prefix) :]
            break
    return key
