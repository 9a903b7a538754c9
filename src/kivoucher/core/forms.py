"""Form fields every domain's pages share."""

from django import forms
from django.utils.translation import gettext_lazy as _

from kivoucher.core.errors import DomainError
from kivoucher.core.money import parse_money


class MoneyField(forms.CharField):
    """Euros as typed by people: "12.345,67" or "12345.67"; at most two decimals."""

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        text = value.replace(" ", "").replace("€", "")
        if "," in text:
            text = text.replace(".", "").replace(",", ".")
        try:
            return parse_money(text, field=_("The amount"))
        except DomainError as exc:
            raise forms.ValidationError(exc.message)
