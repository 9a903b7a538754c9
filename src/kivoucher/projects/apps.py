from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "kivoucher.projects"

    def ready(self):
        from kivoucher.applications.voucher_actions import voucher_actions_register
        from kivoucher.payments.services import on_payout_cancelled, on_payouts_paid
        from kivoucher.projects.services import (
            close_vouchers_of_paid_payouts,
            instalment_payout_cancelled,
        )
        from kivoucher.projects.views import voucher_proof_actions

        on_payouts_paid(close_vouchers_of_paid_payouts)
        on_payout_cancelled(instalment_payout_cancelled)
        voucher_actions_register(voucher_proof_actions)
