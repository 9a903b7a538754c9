import re
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from kivoucher.compute.models import DataCentre
from kivoucher.compute.wording import price_shown
from kivoucher.core.money import format_eur


class DateInput(forms.DateInput):
    input_type = "date"


_GROUPED = re.compile(r"\d{1,3}(\.\d{3})+")


class EuroField(forms.DecimalField):
    """An amount in euros shown and typed in German notation ("12.400.000,00"); plain
    "12400000.00" and "12400000,00" are taken too."""

    widget = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})

    def __init__(self, **kwargs):
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("max_digits", 16)
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        return {}  # no step/min attributes: they belong to number inputs

    def prepare_value(self, value):
        if isinstance(value, Decimal | int):
            return format_eur(Decimal(value)).removesuffix("\u00a0€")
        return value

    def to_python(self, value):
        if isinstance(value, str):
            text = value.strip().removesuffix("€").replace("\u00a0", "").replace(" ", "")
            if "," in text:
                text = text.replace(".", "").replace(",", ".")
            elif _GROUPED.fullmatch(text):
                text = text.replace(".", "")
            value = text
        return super().to_python(value)


class ApplicationForm(forms.Form):
    employees = forms.IntegerField(label=_("Employees (annual work units)"), min_value=0)
    annual_turnover = EuroField(label=_("Annual turnover (EUR)"), min_value=0)
    balance_sheet_total = EuroField(label=_("Balance sheet total (EUR)"), min_value=0)
    project_description = forms.CharField(
        label=_("Project description"),
        widget=forms.Textarea(attrs={"rows": 5}),
        min_length=30,
        max_length=10_000,
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
        max_length=5_000,
    )

    def __init__(self, *args, data_centres=None, gpu_prices=None, further=False, **kwargs):
        """`data_centres`: those an application may name; `gpu_prices`: their GPU-hour
        prices (`selectors.gpu_hour_prices`), named in each choice; `further`: the
        company already received a voucher, so a justification is required."""
        super().__init__(*args, **kwargs)
        self.further = further
        gpu_prices = gpu_prices or {}
        if data_centres is not None:
            self.fields["data_centre"].queryset = data_centres
        self.fields["data_centre"].label_from_instance = lambda dc: _choice_label(
            dc, gpu_prices.get(dc.pk, [])
        )
        if further:
            field = self.fields["exception_justification"]
            field.required = True
            field.label = _("Justification for a further voucher")
            field.error_messages["required"] = _(
                "Your company already received a compute voucher: a further one is only "
                "possible as a justified exception. Please give your reasons."
            )

    def clean(self):
        data = super().clean()
        if data.get("period_start") and data.get("period_end"):
            if data["period_end"] < data["period_start"]:
                self.add_error("period_end", _("The period must end after it starts."))
        return data


def _choice_label(dc: DataCentre, prices) -> str:
    place = f"{dc.organisation.name} ({dc.location_city}, {dc.location_country})"
    if not prices:
        return place
    return _("%(place)s – GPU hour from %(price)s") % {
        "place": place,
        "price": price_shown(prices[0].price),
    }


class ReviewForm(forms.Form):
    recommend = forms.TypedChoiceField(
        label=_("Recommendation"),
        choices=[("1", _("approve")), ("0", _("reject"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5_000
    )


class DecisionForm(forms.Form):
    approve = forms.TypedChoiceField(
        label=_("Decision"),
        choices=[("1", _("approve and issue the voucher")), ("0", _("reject"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=5_000
    )


class ExceptionForm(forms.Form):
    grant = forms.TypedChoiceField(
        label=_("Further voucher"),
        choices=[("1", _("justified: continue with the review")), ("0", _("refuse"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5_000
    )


class StatementForm(forms.Form):
    period_start = forms.DateField(label=_("From"), widget=DateInput)
    period_end = forms.DateField(label=_("Until (inclusive)"), widget=DateInput)


class FinalReportForm(forms.Form):
    text = forms.CharField(
        label=_("What did you achieve with the compute time? (a few sentences)"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=10_000,
    )


class CredentialForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of credential"), choices=[])
    credential = forms.CharField(
        label=_("Credential (JSON-LD or VC-JWT)"),
        widget=forms.Textarea(attrs={"rows": 6, "spellcheck": "false"}),
        max_length=100_000,
    )

    def __init__(self, *args, **kwargs):
        from kivoucher.compute.models import Credential

        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = Credential.Kind.choices


class SacctForm(forms.Form):
    file = forms.FileField(
        label=_("Slurm accounting file (sacct --parsable2 with a header line)"),
    )


class SettlementInvoiceForm(forms.Form):
    invoice = forms.FileField(
        label=_("Your e-invoice for this statement (XRechnung, UBL or CII, as XML)"),
    )


class SelfBillingConsentForm(forms.Form):
    consent = forms.BooleanField(
        label=_(
            "We agree that the programme issues the invoices of our settlement statements "
            "as self-billing invoices (Gutschrift) in our name."
        ),
        required=False,
    )


class SlurmAccountForm(forms.Form):
    account = forms.CharField(
        label=_("Slurm account"),
        max_length=64,
        required=False,
        help_text=_(
            "Lower-case letters, digits, '_' and '-', starting with a letter. Leave empty to "
            "remove the account."
        ),
    )
    users = forms.CharField(
        label=_("Slurm users"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "spellcheck": "false", "autocapitalize": "none"}),
        help_text=_(
            "The user names of your people on the data centre's cluster, separated by spaces, "
            "commas or line breaks (at most 100)."
        ),
    )

    def clean_users(self) -> list[str]:
        import re

        return [u for u in re.split(r"[\s,;]+", self.cleaned_data["users"]) if u]
