from django import forms
from django.utils.translation import gettext_lazy as _

from kivoucher.compute.models import DataCentre


class DateInput(forms.DateInput):
    input_type = "date"


class ApplicationForm(forms.Form):
    employees = forms.IntegerField(label=_("Employees (annual work units)"), min_value=0)
    annual_turnover = forms.DecimalField(
        label=_("Annual turnover (EUR)"), min_value=0, decimal_places=2, max_digits=16
    )
    balance_sheet_total = forms.DecimalField(
        label=_("Balance sheet total (EUR)"), min_value=0, decimal_places=2, max_digits=16
    )
    project_description = forms.CharField(
        label=_("Project description"), widget=forms.Textarea(attrs={"rows": 5}), min_length=30
    )
    gpu_type = forms.CharField(label=_("GPU type"), max_length=64, help_text=_("e.g. H100 80 GB"))
    gpu_hours = forms.DecimalField(
        label=_("GPU hours"), min_value=1, decimal_places=1, max_digits=12
    )
    storage_tb = forms.DecimalField(
        label=_("Storage (TB)"), min_value=0, decimal_places=2, max_digits=10, initial=0
    )
    period_start = forms.DateField(label=_("Period from"), widget=DateInput)
    period_end = forms.DateField(label=_("Period until"), widget=DateInput)
    data_centre = forms.ModelChoiceField(
        label=_("Preferred data centre"), queryset=DataCentre.objects.none()
    )
    not_in_difficulty = forms.BooleanField(
        label=_("We declare that our company is not an undertaking in difficulty."),
        required=False,
    )
    exception_justification = forms.CharField(
        label=_("Justification for a further voucher (only if you already received one)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["data_centre"].queryset = DataCentre.objects.filter(
            evidence_status__in=[DataCentre.Evidence.VALID, DataCentre.Evidence.EXPIRING]
        ).select_related("organisation")
        self.fields["data_centre"].label_from_instance = lambda dc: (
            f"{dc.organisation.name} ({dc.location_city}, {dc.location_country})"
        )

    def clean(self):
        data = super().clean()
        if data.get("period_start") and data.get("period_end"):
            if data["period_end"] < data["period_start"]:
                self.add_error("period_end", _("The period must end after it starts."))
        return data


class ReviewForm(forms.Form):
    recommend = forms.TypedChoiceField(
        label=_("Recommendation"),
        choices=[("1", _("approve")), ("0", _("reject"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}))


class DecisionForm(forms.Form):
    approve = forms.TypedChoiceField(
        label=_("Decision"),
        choices=[("1", _("approve and issue the voucher")), ("0", _("reject"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class ExceptionForm(forms.Form):
    grant = forms.TypedChoiceField(
        label=_("Further voucher"),
        choices=[("1", _("justified: continue with the review")), ("0", _("refuse"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))


class StatementForm(forms.Form):
    period_start = forms.DateField(label=_("From"), widget=DateInput)
    period_end = forms.DateField(label=_("Until (inclusive)"), widget=DateInput)


class FinalReportForm(forms.Form):
    text = forms.CharField(
        label=_("What did you achieve with the compute time? (a few sentences)"),
        widget=forms.Textarea(attrs={"rows": 6}),
    )


class CredentialForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of credential"), choices=[])
    credential = forms.CharField(
        label=_("Credential (JSON-LD or VC-JWT)"),
        widget=forms.Textarea(attrs={"rows": 6, "spellcheck": "false"}),
    )

    def __init__(self, *args, **kwargs):
        from kivoucher.compute.models import Credential

        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = Credential.Kind.choices


class SacctForm(forms.Form):
    file = forms.FileField(
        label=_("Slurm accounting file (sacct --parsable2 with a header line)"),
    )
