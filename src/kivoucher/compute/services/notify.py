"""Notices to companies and data centres: a row to show on their pages and an
e-mail to their members, sent after the transaction commits."""

from django.db import IntegrityError, transaction

from kivoucher.compute.models import ComputeVoucher, Notification
from kivoucher.core.mail import mail_send
from kivoucher.organizations.models import Membership, Organisation


def notification_send(
    *, organisation: Organisation, kind: str, message: str, voucher: ComputeVoucher | None = None
) -> Notification | None:
    """Notify once per (organisation, voucher, kind); None if it was already sent."""
    try:
        with transaction.atomic():
            notice = Notification.objects.create(
                organisation=organisation, voucher=voucher, kind=kind, message=message
            )
    except IntegrityError:
        return None
    emails = list(
        Membership.objects.filter(organisation=organisation)
        .exclude(user__email="")
        .values_list("user__email", flat=True)
    )
    if emails:
        mail_send(subject=f"KI-Compute-Voucher: {message[:80]}", body=message, to=emails)
    return notice
