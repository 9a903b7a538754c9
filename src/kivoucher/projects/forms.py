from django import forms
from django.utils.translation import gettext_lazy as _

from kivoucher.applications.forms import DateInput
from kivoucher.core.forms import MoneyField
from kivoucher.providers.forms import MultipleFileField


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


class InstalmentForm(forms.Form):
    invoices = MultipleFileField(
        label=_("E-invoices so far"),
        help_text=_(
            "The provider's XRechnung (XML) or ZUGFeRD invoices for the work done so far; "
            "they are read and checked against the voucher as for the final proof."
        ),
    )


class InstalmentCheckForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Result"),
        choices=[("accept", _("checked, for approval")), ("reject", _("reject"))],
        widget=forms.RadioSelect,
    )
    eligible_costs = MoneyField(
        label=_("Recognised eligible costs (EUR)"),
        required=False,
        help_text=_("Empty: the invoices' net amount."),
    )
    note = forms.CharField(
        label=_("Note (required for a rejection)"),
        required=False,
        max_length=5_000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class InstalmentDecideForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("approve and pay out")), ("reject", _("reject"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Note (required for a rejection)"),
        required=False,
        max_length=5_000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
