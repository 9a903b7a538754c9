"""Account security pages: the TOTP step of staff sign-in, and one's API tokens."""

from datetime import datetime, time
from urllib.parse import urlencode

import segno
from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django_otp import login as otp_login

from kivoucher.core.selectors import api_token_get_for_user, api_tokens_of
from kivoucher.core.tokens import api_token_create, api_token_lifetime, api_token_revoke
from kivoucher.core.twofactor import (
    totp_device_confirm,
    totp_device_confirmed,
    totp_device_pending,
    totp_secret_base32,
    two_factor_required,
)
from kivoucher.core.web import service_run

QR_TITLE = _("QR code for your authenticator app")


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Six-digit code from your authenticator app"),
        max_length=8,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def __init__(self, *args, device=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.device = device

    def clean_token(self):
        token = self.cleaned_data["token"].replace(" ", "")
        allowed, _details = self.device.verify_is_allowed()
        if not allowed:
            raise forms.ValidationError(
                _("Too many wrong codes. Please wait a moment and try again.")
            )
        if not token.isdigit() or not self.device.verify_token(token):
            raise forms.ValidationError(_("This code is not valid. Please try the current one."))
        return token


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return "/home/"


def _step_url(name: str, request) -> str:
    return f"{reverse(name)}?{urlencode({'next': _next_url(request)}, safe='/')}"


@never_cache
@login_required
def otp_verify(request):
    if not two_factor_required(request.user):
        return redirect(_next_url(request))
    device = totp_device_confirmed(user=request.user)
    if device is None:
        return redirect(_step_url("otp-setup", request))
    form = TokenForm(request.POST or None, device=device)
    if request.method == "POST" and form.is_valid():
        request.session.cycle_key()  # a new session id with the raised privilege
        otp_login(request, device)
        return redirect(_next_url(request))
    return render(
        request, "registration/otp_verify.html", {"form": form, "next": _next_url(request)}
    )


@never_cache
@login_required
def otp_setup(request):
    if not two_factor_required(request.user):
        return redirect(_next_url(request))
    if totp_device_confirmed(user=request.user) is not None:
        return redirect(_step_url("otp-verify", request))
    device = totp_device_pending(user=request.user)
    form = TokenForm(request.POST or None, device=device)
    if request.method == "POST" and form.is_valid():
        totp_device_confirm(device=device)
        request.session.cycle_key()  # a new session id with the raised privilege
        otp_login(request, device)
        return redirect(_next_url(request))
    qr = segno.make(device.config_url, error="m")
    return render(
        request,
        "registration/otp_setup.html",
        {
            "form": form,
            "next": _next_url(request),
            "qr_svg": qr.svg_inline(scale=5, dark="#000", light="#fff", title=str(QR_TITLE)),
            "secret": totp_secret_base32(device),
        },
    )


class DateInput(forms.DateInput):
    input_type = "date"


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("What is the token for?"),
        max_length=100,
        required=False,
        help_text=_("e.g. the Slurm bridge of our cluster"),
    )
    expires_on = forms.DateField(
        label=_("Valid until"),
        required=False,
        widget=DateInput(format="%Y-%m-%d"),
        help_text=_("Empty: as long as allowed."),
    )

    def clean_expires_on(self):
        """The end of the chosen day, capped at the longest lifetime; None: the longest."""
        day = self.cleaned_data.get("expires_on")
        if day is None:
            return None
        latest = timezone.now() + api_token_lifetime()
        if day < timezone.localdate():
            raise forms.ValidationError(_("The date must not lie in the past."))
        if day > timezone.localdate(latest):
            raise forms.ValidationError(
                _("A token may be valid until %(date)s at the latest.")
                % {"date": date_format(timezone.localdate(latest), "SHORT_DATE_FORMAT")}
            )
        end_of_day = timezone.make_aware(datetime.combine(day, time.max))
        return min(end_of_day, latest)


def _token_from_post(request):
    try:
        pk = int(request.POST.get("token", ""))
    except ValueError:
        raise Http404 from None
    return api_token_get_for_user(user=request.user, pk=pk)


@never_cache
@login_required
def api_tokens(request):
    """List, create and revoke one's own API tokens; a new token is shown once."""
    creating = request.method == "POST" and request.POST.get("action") == "create"
    form = ApiTokenForm(request.POST if creating else None)
    new_key = None
    if request.method == "POST" and not creating:
        token = _token_from_post(request)
        service_run(
            request,
            lambda: api_token_revoke(token=token, actor=request.user),
            success=gettext("The token %(prefix)s… is revoked.") % {"prefix": token.prefix},
        )
        return redirect("api-tokens")
    if creating and form.is_valid():
        outcome = service_run(
            request,
            lambda: api_token_create(
                user=request.user,
                name=form.cleaned_data["name"],
                expires_at=form.cleaned_data["expires_on"],
                actor=request.user,
            ),
            form=form,
        )
        if outcome:
            new_key = outcome.result[1]
            form = ApiTokenForm()
    now = timezone.now()
    tokens = [(t, t.state_at(now)) for t in api_tokens_of(user=request.user)]
    return render(
        request,
        "core/api_tokens.html",
        {
            "form": form,
            "new_key": new_key,
            "tokens": tokens,
            "lifetime_days": api_token_lifetime().days,
        },
    )
