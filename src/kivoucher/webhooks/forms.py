from django import forms
from django.utils.translation import gettext_lazy as _

from kivoucher.webhooks.addresses import MAX_URL_LENGTH
from kivoucher.webhooks.events import EVENT_TYPES, TEST_EVENT


class WebhookEndpointForm(forms.Form):
    url = forms.CharField(
        label=_("URL"),
        max_length=MAX_URL_LENGTH,
        help_text=_("An https address of your receiver, reachable from the internet."),
        widget=forms.URLInput(attrs={"autocomplete": "url", "spellcheck": "false"}),
    )
    events = forms.MultipleChoiceField(
        label=_("Events"),
        choices=[(key, f"{key}: {text}") for key, text in EVENT_TYPES.items() if key != TEST_EVENT],
        widget=forms.CheckboxSelectMultiple,
    )
    description = forms.CharField(label=_("Description"), max_length=200, required=False)
