"""Validation of official identifiers with python-stdnum and schwifty."""

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
