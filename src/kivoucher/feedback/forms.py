from django import forms
from django.utils.translation import gettext_lazy as _

from kivoucher.feedback import spam
from kivoucher.feedback.services import ANSWER_MAX_LENGTH

DESCRIPTION_MAX_LENGTH = 5000
HONEYPOT = "website"
STAMP_MESSAGES = {
    spam.TOO_FAST: _(
        "The form was sent back within seconds of being opened, as automatic programs do. "
        "If you filled it in yourself, please check your entries and send it again."
    ),
    spam.EXPIRED: _(
        "The form was open for more than a day. Please check your entries and send it again."
    ),
    spam.INVALID: _("The form could not be checked. Please check your entries and send it again."),
}


class FeedbackForm(forms.Form):
    """The public report of a barrier. The honeypot (`website`) is rendered apart, in
    an element people never see (see `spam`); `stamp` is the signed time stamp."""

    page = forms.CharField(
        label=_("Page or address where you met the barrier"),
        max_length=500,
        help_text=_("The address (URL) of the page or its name, e.g. “Calls”."),
        widget=forms.TextInput(attrs={"autocomplete": "url"}),
    )
    description = forms.CharField(
        label=_("Description of the barrier"),
        max_length=DESCRIPTION_MAX_LENGTH,
        help_text=_(
            "What did you want to do, and what did not work? The more precisely you "
            "describe it, the sooner we can remove the barrier."
        ),
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    assistive_technology = forms.CharField(
        label=_("Assistive technology you use (optional)"),
        max_length=200,
        required=False,
        help_text=_(
            "For example a screen reader, magnification or voice control, with the "
            "browser if you know it. Voluntary: it helps us to reproduce the problem."
        ),
    )
    name = forms.CharField(
        label=_("Your name (optional)"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("Your e-mail address (optional)"),
        required=False,
        max_length=254,
        help_text=_(
            "Only if you want a confirmation and our answer. Without an address we "
            "still remove the barrier, but cannot answer you."
        ),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    website = forms.CharField(
        label=_("Please leave this field empty"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    stamp = forms.CharField(required=False, max_length=200, widget=forms.HiddenInput)

    def visible_fields(self):
        return [f for f in super().visible_fields() if f.name != HONEYPOT]

    def is_bot(self) -> bool:
        """The honeypot was filled in: only programs do that."""
        return bool(self.data.get(HONEYPOT, "").strip())

    def clean(self):
        cleaned = super().clean()
        problem = spam.form_stamp_problem(self.data.get("stamp", ""))
        if problem is not None:
            raise forms.ValidationError(STAMP_MESSAGES[problem], code=problem)
        return cleaned

    def stamp_renew(self) -> None:
        """Give the form, shown again, a fresh time stamp (the text stays as typed)."""
        if self.is_bound:
            self.data = self.data.copy()
            self.data["stamp"] = spam.form_stamp()
        else:
            self.initial["stamp"] = spam.form_stamp()


class AnswerForm(forms.Form):
    text = forms.CharField(
        label=_("Answer to the sender"),
        max_length=ANSWER_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 10}),
    )
