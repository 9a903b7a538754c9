from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PaymentsConfig(AppConfig):
    name = "kivoucher.payments"
    verbose_name = _("Payments")

    def ready(self):
        from kivoucher.organizations.bank_details import bank_details_guard_register
        from kivoucher.payments.services import bank_details_change

        # Changes of bank details wait for a second person while money could follow them.
        bank_details_guard_register(bank_details_change)
        # Incoming payments of bank statements: each app's `incoming.py` registers the
        # handler of its references (kivoucher.payments.incoming).
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("incoming")
