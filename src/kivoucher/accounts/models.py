from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Registration(models.Model):
    """A person who signed up on their own (/accounts/signup/).

    Only these people are held at the start page until they have confirmed an
    e-mail address (kivoucher.accounts.gate); accounts made by staff, the demo data
    or the directory (single sign-on) are not.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="registration"
    )
    created_at = models.DateTimeField(_("signed up"), auto_now_add=True)

    class Meta:
        verbose_name = _("self-service sign-up")
        verbose_name_plural = _("self-service sign-ups")

    def __str__(self) -> str:
        return f"sign-up of user {self.user_id}"
