from decimal import Decimal

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from kivoucher.presale.models import Offer, Purchase


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"


class OrderForm(forms.Form):
    kind = forms.ChoiceField(label=_("What do you want to buy?"), choices=Purchase.Kind.choices)
    product = forms.ChoiceField(
        label=_("Unit"),
        choices=[("cluster", _("cluster-hours")), ("partition", _("partition-hours"))],
        required=False,
    )
    quantity = forms.IntegerField(label=_("Number of hours"), min_value=0, required=False)
    share_class = forms.ChoiceField(label=_("Share class"), required=False)
    shares = forms.IntegerField(label=_("Number of shares"), min_value=0, required=False)
    risk_warning_confirmed = forms.BooleanField(
        label=_(
            "Subscriptions above 1,000 EUR or 5 percent of my net worth: I have read the risk "
            "warning and know that I may lose the whole amount."
        ),
        required=False,
    )

    def __init__(self, *args, offer: Offer, **kwargs):
        super().__init__(*args, **kwargs)
        self.offer = offer
        self.fields["share_class"].choices = [
            (sc.code, f"{sc.name} ({sc.issue_price} EUR)") for sc in offer.share_classes.all()
        ]
        if offer.partitions == 1:
            del self.fields["product"]
        if not offer.share_classes.exists():
            del self.fields["share_class"], self.fields["shares"]
            del self.fields["risk_warning_confirmed"]

    def clean(self):
        data = super().clean()
        if data.get("kind") == Purchase.Kind.HOURS:
            if not data.get("quantity"):
                self.add_error("quantity", _("How many hours?"))
            factor = 1 if data.get("product") == "partition" else self.offer.partitions
            data["unit_hours"] = (data.get("quantity") or 0) * factor
        elif data.get("kind") == Purchase.Kind.SHARES and not data.get("shares"):
            self.add_error("shares", _("How many shares?"))
        return data


class RequestForm(forms.Form):
    earliest_start = forms.DateTimeField(label=_("Earliest start"), widget=DateTimeInput)
    latest_end = forms.DateTimeField(label=_("Latest end"), widget=DateTimeInput)
    block_hours = forms.IntegerField(label=_("Block length (hours)"), min_value=1)
    width = forms.IntegerField(label=_("Partitions"), min_value=1, initial=1)
    may_split = forms.BooleanField(label=_("The block may be split"), required=False)


class CommissionForm(forms.Form):
    operation_start = forms.DateTimeField(label=_("In operation from"), widget=DateTimeInput)
    calendar_end = forms.DateTimeField(label=_("Capacity calendar until"), widget=DateTimeInput)


class MaintenanceForm(forms.Form):
    start = forms.DateTimeField(label=_("Maintenance from"), widget=DateTimeInput)
    end = forms.DateTimeField(label=_("Maintenance until"), widget=DateTimeInput)
    reason = forms.CharField(label=_("Reason"), required=False, max_length=200)


class StatementForm(forms.Form):
    statement = forms.FileField(
        label=_("Bank statement (camt.053 XML)"),
        help_text=_("Credits whose reference and amount match an order are confirmed."),
    )

    def clean_statement(self):
        upload = self.cleaned_data["statement"]
        if upload.size > settings.KIVOUCHER_MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is too large."))
        return upload


class CalendarFeedForm(forms.Form):
    valid_days = forms.TypedChoiceField(
        label=_("The new address is valid"),
        choices=[
            ("", _("until renewed")),
            ("30", _("for 30 days")),
            ("90", _("for 90 days")),
            ("365", _("for one year")),
        ],
        coerce=int,
        empty_value=None,
        required=False,
    )


# --- investors, KYC, transfers ----------------------------------------------------
class KiisForm(forms.Form):
    """A new version of a key investment information sheet (Annex I, parts A-H)."""

    def __init__(self, *args, **kwargs):
        from kivoucher.presale.models import KeyInvestmentInfo

        super().__init__(*args, **kwargs)
        for name in KIIS_FORM_FIELDS:
            field = KeyInvestmentInfo._meta.get_field(name)
            self.fields[name] = forms.CharField(
                label=field.verbose_name,
                widget=forms.Textarea(attrs={"rows": 4}),
                required=not field.blank,
                max_length=20_000,
            )


KIIS_FORM_FIELDS = (
    "issuer",
    "project",
    "process_conditions",
    "risk_factors",
    "offer_terms",
    "spv",
    "investor_rights",
    "complaints",
    "fees",
)


class KiisAcknowledgeForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    confirm = forms.BooleanField(
        label=_(
            "I have read and understood this key investment information sheet, in particular "
            "the risk of losing the whole amount invested."
        )
    )


class InvestorDeclareForm(forms.Form):
    natural_person = forms.BooleanField(
        label=_("We invest as a natural person (consumer or sole trader)"), required=False
    )
    net_worth = forms.DecimalField(
        label=_("Net worth (EUR)"), min_value=0, max_digits=16, decimal_places=2, required=False
    )
    annual_income = forms.DecimalField(
        label=_("Annual income (EUR)"),
        min_value=0,
        max_digits=16,
        decimal_places=2,
        required=False,
    )


class KnowledgeTestForm(forms.Form):
    def __init__(self, *args, **kwargs):
        from kivoucher.presale.investors import KNOWLEDGE_TEST

        super().__init__(*args, **kwargs)
        for question in KNOWLEDGE_TEST:
            self.fields[question.key] = forms.ChoiceField(
                label=question.text, choices=question.choices, widget=forms.RadioSelect
            )


class LossSimulationForm(forms.Form):
    amount = forms.DecimalField(
        label=_("Amount you plan to invest (EUR)"),
        min_value=Decimal("0.01"),
        max_digits=16,
        decimal_places=2,
    )
    net_worth = forms.DecimalField(
        label=_("Your net worth (EUR)"),
        help_text=_("Assets (savings, securities, real estate) minus debts."),
        min_value=0,
        max_digits=16,
        decimal_places=2,
    )
    annual_income = forms.DecimalField(
        label=_("Annual income (EUR)"),
        min_value=0,
        max_digits=16,
        decimal_places=2,
        required=False,
    )


class KycPersonForm(forms.Form):
    role = forms.ChoiceField(
        label=_("Role"),
        choices=[
            ("", "—"),
            ("representative", _("legal representative")),
            ("owner", _("beneficial owner")),
        ],
        required=False,
    )
    name = forms.CharField(label=_("Name"), max_length=200, required=False)
    birth_date = forms.DateField(
        label=_("Date of birth"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    share_percent = forms.DecimalField(
        label=_("Share (%)"), min_value=0, max_value=100, decimal_places=2, required=False
    )
    control = forms.CharField(label=_("Nature of control"), max_length=200, required=False)
    register_reference = forms.CharField(
        label=_("Transparency Register reference"), max_length=100, required=False
    )


KycPersonFormSet = forms.formset_factory(KycPersonForm, extra=2, max_num=50)


class KycExtractForm(forms.Form):
    register_extract = forms.CharField(
        label=_("Transparency Register extract (reference)"), max_length=100, required=False
    )


class KycCheckForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Result of the check"),
        choices=[("approve", _("approved")), ("reject", _("not approved"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Note"), max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class ClassifyForm(forms.Form):
    sophisticated = forms.BooleanField(
        label=_("Sophisticated investor (Annex II of Regulation (EU) 2020/1503)"), required=False
    )
    note = forms.CharField(label=_("Evidence"), max_length=500, required=False)


class TransferOfferForm(forms.Form):
    unit_hours = forms.IntegerField(label=_("Unit-hours to pass on"), min_value=1)
    price = forms.DecimalField(
        label=_("Agreed price (EUR)"),
        help_text=_("Paid between you and the other buyer, outside the platform."),
        min_value=0,
        max_digits=16,
        decimal_places=2,
    )


class HandBackForm(forms.Form):
    call = forms.ModelChoiceField(label=_("Line II call"), queryset=None)

    def __init__(self, *args, **kwargs):
        from kivoucher.presale.transfers import line2_calls

        super().__init__(*args, **kwargs)
        self.fields["call"].queryset = line2_calls()
