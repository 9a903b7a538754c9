from django import forms
from django.utils.translation import gettext_lazy as _

from kivoucher.core.forms import MoneyField
from kivoucher.core.validators import validate_web_url
from kivoucher.organizations.models import FederalState
from kivoucher.programmes.models import ProjectCategory
from kivoucher.providers.models import Competence


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)] if data else []


class AccreditationForm(forms.Form):
    description = forms.CharField(
        label=_("Company profile and AI references"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=10_000,
    )
    website = forms.URLField(
        label=_("Website"),
        required=False,
        assume_scheme="https",
        validators=[validate_web_url],
    )
    competences = forms.MultipleChoiceField(
        label=_("Competences"), choices=Competence.choices, widget=forms.CheckboxSelectMultiple
    )
    categories = forms.ModelMultipleChoiceField(
        label=_("Project categories"),
        queryset=ProjectCategory.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    evidence = MultipleFileField(
        label=_("Evidence (PDF, PNG or JPEG)"),
        help_text=_("e.g. register extract, references, CVs of the AI team"),
    )

    def __init__(self, *args, programme, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["categories"].queryset = ProjectCategory.objects.filter(
            programme=programme, active=True
        )
        self.criteria = list(criteria)
        for c in self.criteria:
            self.fields[f"crit_{c.code}"] = forms.BooleanField(label=c.text, required=False)

    def answers(self) -> dict:
        return {c.code: self.cleaned_data.get(f"crit_{c.code}", False) for c in self.criteria}


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("accredit")), ("reject", _("reject")), ("revoke", _("revoke"))],
        widget=forms.RadioSelect,
    )
    annual_cap = MoneyField(
        label=_("Annual cap of grant volume (EUR)"),
        required=False,
        help_text=_("Empty: the programme's default."),
    )
    reason = forms.CharField(
        label=_("Reasons"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5_000,
    )


class DirectoryFilter(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    federal_state = forms.ChoiceField(
        label=_("Federal state"),
        required=False,
        choices=[("", _("all"))] + list(FederalState.choices),
    )
    competence = forms.ChoiceField(
        label=_("Competence"), required=False, choices=[("", _("all"))] + list(Competence.choices)
    )
    category = forms.ChoiceField(label=_("Project category"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        cats = ProjectCategory.objects.filter(active=True, programme__line="project")
        self.fields["category"].choices = [("", _("all"))] + [(c.code, c.name) for c in cats]
