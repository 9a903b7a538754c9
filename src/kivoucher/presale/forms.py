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
