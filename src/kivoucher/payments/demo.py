"""Demo payouts in several states: after the lines' demos (a proof of use paid, one
prepared; a compute settlement prepared by its approver), the programme admin releases
the settlement's payout and holds a batch back. Idempotent: a second run finds them."""

from django.test.utils import override_settings

from kivoucher.payments.models import PaymentBatch, Payout
from kivoucher.payments.services import payout_release, sepa_batch_create


def load(ctx: dict) -> None:
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
        _load(ctx)


def _load(ctx: dict) -> None:
    admin = ctx["admin"]
    if PaymentBatch.objects.filter(status=PaymentBatch.Status.HELD).exists():
        return
    settlement = (
        Payout.objects.filter(
            origin__startswith="compute-statement:", status=Payout.Status.PREPARED
        )
        .exclude(prepared_by=admin)
        .order_by("pk")
        .first()
    )
    if settlement is None:
        return
    payout_release(actor=admin, payout=settlement)
    sepa_batch_create(actor=admin, hold=True)
