from django.apps import AppConfig


class PresaleConfig(AppConfig):
    name = "kivoucher.presale"
