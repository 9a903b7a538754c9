from django import forms

from kivoucher.organizations.models import Organisation


class OrganisationForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = [
            "name",
            "legal_form",
            "register_court",
            "register_number",
            "vat_id",
            "street",
            "postcode",
            "city",
            "federal_state",
            "sector",
            "employees",
            "annual_turnover",
            "balance_sheet_total",
            "founded_on",
            "iban",
            "bic",
            "account_holder",
            "email",
        ]
        widgets = {"founded_on": forms.DateInput(attrs={"type": "date"})}
