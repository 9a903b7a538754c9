from django.apps import AppConfig


class PaymentsConfig(AppConfig):
    name = "kivoucher.payments"
