from django.apps import AppConfig


class ComputeConfig(AppConfig):
    name = "kivoucher.compute"
