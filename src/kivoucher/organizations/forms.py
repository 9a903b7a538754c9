from django import forms
from django.utils.translation import gettext_lazy as _

from kivoucher.organizations.models import Membership, Organisation


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


REGISTER_FIELDS = ["kind", *OrganisationForm.Meta.fields]


class OrganisationRegisterForm(forms.ModelForm):
    """The registration of an organisation by its first person (its owner)."""

    kind = forms.ChoiceField(
        label=_("The organisation is"),
        choices=[
            (Organisation.Kind.COMPANY, _("a company applying for vouchers")),
            (Organisation.Kind.PROVIDER, _("an AI provider (accredited by the programme)")),
            (Organisation.Kind.DATA_CENTRE, _("a data centre (onboarded by the programme)")),
            (Organisation.Kind.BUYER, _("a buyer or investor of the capacity pre-sale")),
        ],
        widget=forms.RadioSelect,
        initial=Organisation.Kind.COMPANY,
    )

    class Meta:
        model = Organisation
        fields = REGISTER_FIELDS
        widgets = {"founded_on": forms.DateInput(attrs={"type": "date"})}
        help_texts = {
            "register_number": _(
                "The register and the number, e.g. HRB 12345 (HRA, HRB, GnR, PR, VR, PartR)."
            ),
            "vat_id": _("e.g. DE123456789"),
            "sector": _("NACE code of the main activity, e.g. C28 or J62.0"),
            "iban": _("For payouts and refunds; only owners change it later."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("legal_form", "street", "postcode", "city", "federal_state", "sector"):
            self.fields[name].required = True

    def clean(self):
        data = super().clean()
        if not (data.get("register_number") or data.get("vat_id")):
            raise forms.ValidationError(
                _("Give the register court and number, the VAT ID, or both.")
            )
        if data.get("register_number") and not data.get("register_court"):
            self.add_error("register_court", _("Give the register court with the number."))
        return data


class JoinRequestForm(forms.Form):
    register_court = forms.CharField(label=_("register court"), max_length=100, required=False)
    register_number = forms.CharField(
        label=_("register number"), max_length=40, required=False, help_text=_("e.g. HRB 12345")
    )
    vat_id = forms.CharField(label=_("VAT ID"), max_length=20, required=False)
    message = forms.CharField(
        label=_("Message to the owners"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Who you are and why you join, so the owners recognise you."),
    )

    def clean(self):
        data = super().clean()
        if not (data.get("register_number") or data.get("vat_id")):
            raise forms.ValidationError(
                _("Give the register court and number, the VAT ID, or both.")
            )
        return data


ROLE_CHOICES = [
    (Membership.Role.MEMBER, _("Member – reads and drafts")),
    (Membership.Role.SIGNATORY, _("Signatory – also submits applications and declarations")),
    (Membership.Role.OWNER, _("Owner – also manages members and bank details")),
]


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"), max_length=254)
    role = forms.ChoiceField(label=_("Role"), choices=ROLE_CHOICES, initial=Membership.Role.MEMBER)


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=ROLE_CHOICES)


class HandOverForm(forms.Form):
    to = forms.TypedChoiceField(label=_("New owner"), coerce=int)
    keep = forms.ChoiceField(
        label=_("Your role afterwards"),
        choices=ROLE_CHOICES,
        initial=Membership.Role.SIGNATORY,
    )

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to"].choices = [(m.pk, m.user.display_name) for m in members]


class JoinDecisionForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=ROLE_CHOICES, initial=Membership.Role.MEMBER)
