from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "kivoucher.projects"

    def ready(self):
        from kivoucher.payments.services import on_payouts_paid
        from kivoucher.projects.services import close_vouchers_of_paid_payouts

        on_payouts_paid(close_vouchers_of_paid_payouts)
