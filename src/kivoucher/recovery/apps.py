from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecoveryConfig(AppConfig):
    name = "kivoucher.recovery"
    verbose_name = _("Recovery and objections")
