"""Writes of the application lifecycle, one module per step."""

from kivoucher.applications.services.decision import (
    application_decide,
    application_decide_refusal,
    four_eyes_check,
)
from kivoucher.applications.services.documents import (
    decision_letter_issue,
    voucher_certificate_issue,
)
from kivoucher.applications.services.drafting import (
    application_create,
    application_submit,
    application_update,
    application_withdraw,
    declared_aid_add,
    declared_aid_remove,
)
from kivoucher.applications.services.review import (
    application_assign,
    application_request_info,
    application_review,
)
from kivoucher.applications.services.selection import lottery_draw, lottery_order, ranking_select
from kivoucher.applications.services.vouchers import (
    commitment_release,
    voucher_close,
    vouchers_expire,
    vouchers_remind,
)

__all__ = [
    "application_assign",
    "application_create",
    "application_decide",
    "application_decide_refusal",
    "application_request_info",
    "application_review",
    "application_submit",
    "application_update",
    "application_withdraw",
    "commitment_release",
    "decision_letter_issue",
    "declared_aid_add",
    "declared_aid_remove",
    "four_eyes_check",
    "lottery_draw",
    "lottery_order",
    "ranking_select",
    "voucher_certificate_issue",
    "voucher_close",
    "vouchers_expire",
    "vouchers_remind",
]
