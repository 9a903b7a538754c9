from django.apps import AppConfig


class EinvoicesConfig(AppConfig):
    name = "kivoucher.einvoices"
    verbose_name = "E-invoices"
