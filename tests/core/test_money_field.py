from decimal import Decimal

from django import forms

from kivoucher.core.forms import MoneyField


class AmountForm(forms.Form):
    amount = MoneyField()


def test_a_typed_amount_is_cleaned_to_a_decimal():
    form = AmountForm(data={"amount": "12.345,67 €"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["amount"] == Decimal("12345.67")


def test_the_length_limit_applies_to_the_typed_text():
    form = AmountForm(data={"amount": "1" * 41})
    assert not form.is_valid()
    assert "40" in form.errors["amount"][0]


def test_the_browser_is_told_the_limit():
    assert 'maxlength="40"' in str(AmountForm()["amount"])
