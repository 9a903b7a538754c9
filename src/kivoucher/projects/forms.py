from django import forms
from django.utils.translation import gettext_lazy as _

from kivoucher.applications.forms import DateInput
from kivoucher.core.forms import MoneyField


class ProofForm(forms.Form):
    invoice = forms.FileField(
        label=_("Provider's invoice"),
        help_text=_(
            "An XRechnung (XML) or ZUGFeRD invoice is read automatically. For a plain PDF "
            "invoice, enter the number and amounts below."
        ),
    )
    report = forms.CharField(
        label=_("Short report"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=10_000,
        help_text=_("What was built, the result, and how the company uses it."),
    )
    invoice_number = forms.CharField(
        label=_("Invoice number (PDF only)"), required=False, max_length=100
    )
    invoice_date = forms.DateField(
        label=_("Invoice date (PDF only)"), required=False, widget=DateInput
    )
    net = MoneyField(label=_("Net amount in EUR (PDF only)"), required=False)
    vat = MoneyField(label=_("VAT in EUR (PDF only)"), required=False)
    gross = MoneyField(label=_("Gross amount in EUR (PDF only)"), required=False)


class CheckForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Result"),
        choices=[("accept", _("accept and pay out")), ("reject", _("reject"))],
        widget=forms.RadioSelect,
    )
    eligible_costs = MoneyField(
        label=_("Recognised eligible costs (EUR)"),
        required=False,
        help_text=_("Empty: the invoice's net amount."),
    )
    note = forms.CharField(
        label=_("Note (required for a rejection)"),
        required=False,
        max_length=5_000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
