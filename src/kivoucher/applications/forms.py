from django import forms
from django.utils.translation import gettext_lazy as _

from kivoucher.applications.checklists import CHECKLIST
from kivoucher.applications.eligibility import ties_declared
from kivoucher.applications.models import Application, Review
from kivoucher.core.forms import MoneyField, max_length_set
from kivoucher.organizations.models import Organisation
from kivoucher.programmes.models import Call, ProjectCategory
from kivoucher.providers.selectors import provider_directory


class DateInput(forms.DateInput):
    input_type = "date"


class ApplicationForm(forms.ModelForm):
    call = forms.ModelChoiceField(queryset=Call.objects.none(), label=_("Call"))
    planned_costs = MoneyField(label=_("Planned eligible costs (EUR)"), required=False)
    # Ties with the provider are an explicit answer; the description is needed for
    # "yes" only (typing "none" into a text box used to count as a declared tie).
    has_ties = forms.ChoiceField(
        label=_("Are there ownership, personal or business ties with the provider?"),
        choices=[("no", _("No")), ("yes", _("Yes"))],
        widget=forms.RadioSelect,
    )

    class Meta:
        model = Application
        fields = [
            "call",
            "title",
            "description",
            "category",
            "provider",
            "planned_costs",
            "planned_start",
            "planned_end",
            "sme_declared",
            "not_in_difficulty",
            "de_minimis_declared",
            "declared_ties",
        ]
        widgets = {
            "planned_start": DateInput(format="%Y-%m-%d"),
            "planned_end": DateInput(format="%Y-%m-%d"),
            "description": forms.Textarea(attrs={"rows": 6}),
            "declared_ties": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "declared_ties": _(
                "If there are ties: describe them (ownership, persons, business relations)."
            ),
        }
        labels = {
            "sme_declared": _(
                "We declare that the company is a small or medium-sized enterprise as "
                "defined by the programme (staff, turnover, linked enterprises)."
            ),
            "not_in_difficulty": _(
                "We declare that the company is not an undertaking in difficulty."
            ),
            "de_minimis_declared": _(
                "We declared all de-minimis aid of the last three years below (or received none)."
            ),
        }

    def __init__(self, *args, calls=None, programme=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["call"].queryset = calls if calls is not None else Call.objects.none()
        max_length_set(self.fields["description"], 10_000)
        max_length_set(self.fields["declared_ties"], 5_000)
        if self.instance.pk:
            del self.fields["call"]
            programme = self.instance.programme
        cats = ProjectCategory.objects.filter(active=True)
        if programme is not None:
            cats = cats.filter(programme=programme)
        self.fields["category"].queryset = cats
        provider_ids = provider_directory(programme=programme).values("organisation_id")
        self.fields["provider"].queryset = Organisation.objects.filter(pk__in=provider_ids)
        self.fields["provider"].help_text = _("Only accredited providers can be chosen.")
        self.fields["declared_ties"].label = _("Ties with the provider")
        if self.instance.pk:
            self.initial["has_ties"] = "yes" if ties_declared(self.instance.declared_ties) else "no"
        order = list(self.fields)
        order.remove("has_ties")
        order.insert(order.index("declared_ties"), "has_ties")
        self.order_fields(order)

    def clean(self):
        data = super().clean()
        if data.get("has_ties") == "no":
            data["declared_ties"] = ""
        elif data.get("has_ties") == "yes" and not ties_declared(data.get("declared_ties", "")):
            self.add_error("declared_ties", _("Describe the ties with the provider."))
        return data

    def application_fields(self) -> dict:
        """The cleaned data the services take (the yes/no answer is in `declared_ties`)."""
        return {k: v for k, v in self.cleaned_data.items() if k != "has_ties"}


class DeclaredAidForm(forms.Form):
    granting_body = forms.CharField(label=_("Granting body"), max_length=200)
    amount = MoneyField(label=_("Amount (EUR)"))
    granted_on = forms.DateField(label=_("Granted on"), widget=DateInput)


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("Note for the caseworker"),
        required=False,
        max_length=5_000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class InfoRequestForm(forms.Form):
    message = forms.CharField(
        label=_("What information is missing?"),
        max_length=5_000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class ReviewForm(forms.Form):
    score = forms.IntegerField(label=_("Score (0-100)"), min_value=0, max_value=100)
    recommendation = forms.ChoiceField(
        label=_("Recommendation"), choices=Review.Recommendation.choices
    )
    comment = forms.CharField(
        label=_("Comment / reasons"),
        required=False,
        max_length=5_000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, checklist=CHECKLIST, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = checklist
        for code, label in checklist.items():
            self.fields[f"check_{code}"] = forms.BooleanField(label=_(label), required=False)

    def checklist(self) -> dict:
        return {code: self.cleaned_data.get(f"check_{code}", False) for code in self.items}


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("approve")), ("reject", _("reject"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reasons (required for a rejection)"),
        required=False,
        max_length=5_000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class LotteryForm(forms.Form):
    period_start = forms.DateTimeField(
        label=_("Received from"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    period_end = forms.DateTimeField(
        label=_("Received before"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    seed = forms.CharField(
        label=_("Seed (empty: a random seed is drawn and recorded)"),
        required=False,
        max_length=40,
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), required=False, max_length=5_000)
