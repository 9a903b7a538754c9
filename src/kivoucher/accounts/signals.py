"""Receivers of sign-in and e-mail confirmation: they mark the session (held back
until the address is confirmed; signed on through the directory)."""

from allauth.account.signals import email_confirmed
from allauth.account.signals import user_logged_in as allauth_user_logged_in
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from kivoucher.accounts.directory import DIRECTORY_SESSION_KEY, PROVIDER_ID
from kivoucher.accounts.gate import GATE_SESSION_KEY, gate_open
from kivoucher.accounts.selectors import email_verification_pending


@receiver(user_logged_in, dispatch_uid="kivoucher.accounts.gate")
def _hold_back_unverified(sender, request, user, **kwargs):
    if request is None or not hasattr(request, "session"):
        return
    if email_verification_pending(user=user):
        request.session[GATE_SESSION_KEY] = True
    else:
        gate_open(request)


@receiver(allauth_user_logged_in, dispatch_uid="kivoucher.accounts.directory")
def _mark_directory_sign_on(sender, request, user, sociallogin=None, **kwargs):
    if sociallogin is not None and sociallogin.account.provider == PROVIDER_ID:
        request.session[DIRECTORY_SESSION_KEY] = True


@receiver(email_confirmed, dispatch_uid="kivoucher.accounts.confirmed")
def _release_on_confirmation(sender, request, email_address, **kwargs):
    if request is not None and hasattr(request, "session"):
        gate_open(request)
