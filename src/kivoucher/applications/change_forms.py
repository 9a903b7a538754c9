"""Forms of change requests on a line I voucher (the company's request, the
caseworker's note, the decision)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from kivoucher.applications.models import ChangeRequest
from kivoucher.core.forms import MoneyField
from kivoucher.organizations.models import Organisation
from kivoucher.providers.selectors import provider_directory


class ChangeRequestForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What should change?"),
        choices=ChangeRequest.Kind.choices,
        widget=forms.RadioSelect,
    )
    months = forms.IntegerField(
        label=_("Extension by (months)"), required=False, min_value=1, max_value=120
    )
    provider = forms.ModelChoiceField(
        label=_("New provider"), queryset=Organisation.objects.none(), required=False
    )
    planned_costs = MoneyField(label=_("New planned eligible costs (EUR)"), required=False)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, voucher, **kwargs):
        super().__init__(*args, **kwargs)
        app = voucher.application
        programme = app.programme
        ids = provider_directory(programme=programme).values("organisation_id")
        self.fields["provider"].queryset = Organisation.objects.filter(pk__in=ids).exclude(
            pk=app.provider_id
        )
        self.fields["months"].help_text = _(
            "At most %(months)s months per extension, at most %(times)s extensions."
        ) % {"months": programme.extension_months_max, "times": programme.extensions_max}
        self.fields["reason"].max_length = 5_000

    def clean(self):
        data = super().clean()
        needed = {"extension": "months", "provider": "provider", "costs": "planned_costs"}
        field = needed.get(data.get("kind"))
        if field and data.get(field) in (None, ""):
            self.add_error(field, _("This field is required for this change."))
        return data


class ChangeReviewForm(forms.Form):
    note = forms.CharField(
        label=_("Review note"), max_length=5_000, widget=forms.Textarea(attrs={"rows": 2})
    )


class ChangeDecisionForm(forms.Form):
    approve = forms.TypedChoiceField(
        label=_("Decision"),
        choices=[("1", _("Approve")), ("0", _("Reject"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Reasons"),
        required=False,
        max_length=5_000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Needed for a rejection."),
    )
