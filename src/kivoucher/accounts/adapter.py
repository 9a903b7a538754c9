"""django-allauth's account adapter: its mails leave through the platform's mail
outbox (stored with the change, sent after the commit by the worker, retried while
the SMTP server is down), links in mails use the platform's address, and a
self-service sign-up is recorded (and audited)."""

from urllib.parse import quote

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.conf import settings
from django.contrib.sites.shortcuts import get_current_site
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from kivoucher.accounts.selectors import directory_account_exists
from kivoucher.accounts.services import registration_record
from kivoucher.core.mail import mail_send
from kivoucher.core.site import absolute_url, site_url


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        request = allauth_context.request
        ctx = {
            "request": request,
            "email": email,
            "current_site": get_current_site(request),
            "site_url": site_url(),
            "expiration_days": settings.ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS,
            "reset_hours": max(1, settings.PASSWORD_RESET_TIMEOUT // 3600),
        }
        ctx.update(context)
        message = self.render_mail(template_prefix, email, ctx)
        mail_send(subject=message.subject, body=message.body, to=list(message.to))

    def get_email_confirmation_url(self, request, emailconfirmation) -> str:
        return absolute_url(reverse("account_confirm_email", args=[emailconfirmation.key]))

    def get_reset_password_from_key_url(self, key: str) -> str:
        path = reverse("account_reset_password_from_key", kwargs={"uidb36": "UID", "key": "KEY"})
        return absolute_url(path.replace("UID-KEY", quote(key)))

    def send_password_reset_mail(self, user, email, context):
        """People of the directory (single sign-on) get no reset link: a local password
        would outlive their removal from the directory. They are told to use the
        sign-on instead."""
        if directory_account_exists(user=user):
            return self.send_mail("account/email/directory_account", email, context)
        return super().send_password_reset_mail(user, email, context)

    def set_password(self, user, password) -> None:
        if directory_account_exists(user=user):
            raise PermissionDenied("accounts of the directory have no local password")
        super().set_password(user, password)

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=commit)
        if commit:
            registration_record(user=user)
        return user
