"""Form fields every domain's pages share."""

from django import forms
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from kivoucher.core.errors import DomainError
from kivoucher.core.money import parse_money


def max_length_set(field: forms.CharField, limit: int) -> None:
    """Give a text field a maximum length where its model field has none (a model
    TextField): validated on the server and `maxlength` in the browser."""
    field.max_length = limit
    field.validators.append(MaxLengthValidator(limit))
    field.widget.attrs.update(field.widget_attrs(field.widget))


class MoneyField(forms.CharField):
    """Euros as typed by people: "12.345,67" or "12345.67"; at most two decimals."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 40)
        super().__init__(*args, **kwargs)
        # The length is the typed text's, checked before parsing: the validators
        # run on the parsed Decimal, which has no length.
        self.validators = [v for v in self.validators if not isinstance(v, MaxLengthValidator)]

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        if self.max_length is not None and len(value) > self.max_length:
            raise forms.ValidationError(
                _("Enter at most %(max)d characters.") % {"max": self.max_length}
            )
        text = value.replace(" ", "").replace("€", "")
        if "," in text:
            text = text.replace(".", "").replace(",", ".")
        try:
            return parse_money(text, field=_("The amount"))
        except DomainError as exc:
            raise forms.ValidationError(exc.message)
