"""Vouchers: issue, expiry, reminders, closing (the codes are in `voucher_codes`)."""

from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kivoucher.applications.models import Application, Voucher
from kivoucher.applications.services.documents import voucher_certificate_issue
from kivoucher.applications.voucher_codes import voucher_code_new
from kivoucher.core.audit import audit_record
from kivoucher.core.dates import add_months
from kivoucher.core.errors import DomainError
from kivoucher.core.mail import mail_send
from kivoucher.core.money import ZERO, format_eur
from kivoucher.core.site import absolute_url
from kivoucher.core.workflow import transition
from kivoucher.ledger.selectors import money_sum
from kivoucher.ledger.services import transfer_create
from kivoucher.organizations.selectors import recipients_of
from kivoucher.payments.models import Payout
from kivoucher.programmes.deminimis import aid_award_adjust
from kivoucher.programmes.services import call_budget_account, call_committed_account
from kivoucher.recovery.services import receivable_create
from kivoucher.webhooks.events import event_emit

REMIND_DAYS = 30


def voucher_prepare(*, application: Application, today: date, code: str | None = None) -> Voucher:
    """The voucher of an approved application, not saved yet."""
    return Voucher(
        application=application,
        code=code or voucher_code_new(),
        amount=application.granted_amount,
        valid_from=today,
        valid_until=add_months(today, application.programme.voucher_validity_months),
    )


def voucher_issue(
    *,
    actor,
    application: Application,
    today: date | None = None,
    code: str | None = None,
    certificate: bytes | None = None,
) -> Voucher:
    """Issue the voucher of an approved application (once). `code` and `certificate`
    come from `voucher_prepare` and a certificate rendered from it beforehand."""
    today = today or timezone.localdate()
    with transaction.atomic():
        existing = Voucher.objects.filter(application=application).first()
        if existing:
            return existing
        voucher = voucher_prepare(application=application, today=today, code=code)
        voucher.save(force_insert=True)
        audit_record(
            actor=actor,
            action="voucher.issue",
            obj=voucher,
            new_state=voucher.status,
            data={"application": application.pk, "amount": str(voucher.amount)},
        )
        voucher_certificate_issue(voucher=voucher, content=certificate)
        event_emit(
            type="voucher.issued",
            data={
                "code": voucher.code,
                "application": application.pk,
                "amount": str(voucher.amount),
                "valid_until": voucher.valid_until.isoformat(),
            },
            organisations=[application.organisation_id, application.provider_id],
        )
        return voucher


def commitment_release(*, actor, application: Application, amount: Decimal, tag: str) -> None:
    """Give `amount` of the application's commitment back to the call's budget and lower
    its entry in the grant register accordingly."""
    if amount < 0:
        raise DomainError(_("A release cannot be negative."), code="invalid_amount")
    if amount == 0:
        return
    with transaction.atomic():
        transfer_create(
            key=f"application:{application.pk}:release:{tag}",
            source=call_committed_account(application.call),
            destination=call_budget_account(application.call),
            amount=amount,
            kind="release",
            memo=f"{application.reference} {tag}",
        )
        final = max(ZERO, (application.granted_amount or ZERO) - amount)
        aid_award_adjust(
            actor=actor,
            reference=f"application:{application.pk}",
            amount=final,
            reason=tag,
        )


def vouchers_expire(*, today: date | None = None) -> list[Voucher]:
    """Active vouchers past their validity without a proof of use expire and release
    their budget (the daily job)."""
    today = today or timezone.localdate()
    expired = []
    due = (
        Voucher.objects.filter(status=Voucher.Status.ACTIVE, valid_until__lt=today)
        .exclude(proofs__status__in=["submitted", "accepted"])
        .select_related("application__call")
        .order_by("pk")
    )
    for voucher in due:
        with transaction.atomic():
            voucher = transition(
                voucher, Voucher.Status.EXPIRED, actor=None, reason=_("validity period ended")
            )
            # Instalments paid before the expiry left the commitment already; without a
            # proof of use nothing is due, so they are claimed back (a receivable).
            paid = paid_out_of_voucher(voucher)
            commitment_release(
                actor=None,
                application=voucher.application,
                amount=voucher.amount - paid,
                tag="expired",
            )
            if paid > 0:
                receivable_create(
                    actor=None,
                    organisation=voucher.application.organisation,
                    origin=voucher.payout_origin,
                    amount=paid,
                    reason=_(
                        "KI-Voucher %(code)s expired without a proof of use; the instalments "
                        "of %(paid)s paid on it are claimed back."
                    )
                    % {"code": voucher.code, "paid": format_eur(paid)},
                )
        expired.append(voucher)
    return expired


def paid_out_of_voucher(voucher: Voucher) -> Decimal:
    """What left the commitment of `voucher` as payouts (instalments before the proof of
    use), cancelled payouts not counted: their money went back."""
    payouts = Payout.objects.filter(origin=voucher.payout_origin).exclude(
        status=Payout.Status.CANCELLED
    )
    return money_sum(payouts, "amount")


def vouchers_remind(*, today: date | None = None, days: int = REMIND_DAYS) -> int:
    """Remind companies of vouchers that expire within `days` (once per voucher)."""
    today = today or timezone.localdate()
    due = (
        Voucher.objects.filter(
            status=Voucher.Status.ACTIVE,
            reminder_sent_at__isnull=True,
            valid_until__gte=today,
            valid_until__lte=today + timedelta(days=days),
        )
        .exclude(proofs__status__in=["submitted", "accepted"])
        .select_related("application__organisation")
    )
    sent = 0
    for voucher in due:
        to = recipients_of(voucher.application.organisation)
        with transaction.atomic():
            updated = Voucher.objects.filter(pk=voucher.pk, reminder_sent_at__isnull=True).update(
                reminder_sent_at=timezone.now()
            )
            if not updated:
                continue
            audit_record(actor=None, action="voucher.remind", obj=voucher)
            # stored with the reminder mark: a crash cannot mark it sent without its mail
            mail_send(
                subject=_("Your KI-Voucher %(code)s expires on %(date)s")
                % {
                    "code": voucher.code,
                    "date": voucher.valid_until.strftime("%d.%m.%Y"),
                },
                body=_(
                    "Please submit the provider's invoice and a short report as proof of use "
                    "before the voucher expires; afterwards the grant lapses."
                )
                + f"\n\n{absolute_url(f'/vouchers/{voucher.code}/')}",
                to=to,
            )
        sent += 1
    return sent


def voucher_close(*, actor, voucher: Voucher) -> Voucher:
    return transition(
        voucher, Voucher.Status.CLOSED, actor=actor, fields={"closed_at": timezone.now()}
    )
