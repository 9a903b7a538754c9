from allauth.account.internal.flows.email_verification import (
    send_verification_email_for_user,
)
from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from kivoucher.accounts.selectors import email_verification_pending


class SignInForm(AuthenticationForm):
    """Django's sign-in form, by user name or e-mail address (allauth's backend);
    people who signed up on their own come in only with a confirmed address."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _(
            "The user name, e-mail address or password is not correct. Please try again."
        ),
        "email_unverified": _(
            "Please confirm your e-mail address first. We have sent you a new link; it "
            "may take a few minutes to arrive."
        ),
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = _("User name or e-mail address")
        self.fields["username"].widget.attrs["autocomplete"] = "username"
        self.fields["password"].widget.attrs["autocomplete"] = "current-password"

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        if email_verification_pending(user=user):
            send_verification_email_for_user(self.request, user)
            raise forms.ValidationError(
                self.error_messages["email_unverified"], code="email_unverified"
            )


class AccountDeleteForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("To be sure it is you."),
    )
    confirm = forms.BooleanField(
        label=_("I understand that my account cannot be restored."), required=True
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("The password is not correct."))
        return password
