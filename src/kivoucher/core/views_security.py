"""Account security pages: the TOTP step of staff sign-in."""

from urllib.parse import urlencode

import segno
from django import forms
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django_otp import login as otp_login

from kivoucher.core.twofactor import (
    totp_device_confirm,
    totp_device_confirmed,
    totp_device_pending,
    totp_secret_base32,
    two_factor_required,
)

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
