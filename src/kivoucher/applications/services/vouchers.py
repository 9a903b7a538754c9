"""Vouchers: unguessable codes with a check character, issue, expiry, reminders.

A code is "KIV-" and 12 random Crockford base-32 characters (60 bits from
`secrets`) in groups of four, followed by a Luhn mod 32 check character from the
same alphabet (it catches every single typo and almost every swap of two
neighbours), e.g. KIV-7QH2-M4KD-X9PA-R.
"""

import secrets
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kivoucher.applications.models import Application, Voucher
from kivoucher.core.audit import audit_record
from kivoucher.core.dates import add_months
from kivoucher.core.errors import Conflict, DomainError
from kivoucher.core.money import ZERO
from kivoucher.ledger.services import transfer_create
from kivoucher.programmes.deminimis import aid_award_adjust
from kivoucher.programmes.services import call_budget_account, call_committed_account

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
REMIND_DAYS = 30


def _check_symbol(body: str) -> str:
    """Luhn mod N (N = 32) over the Crockford alphabet."""
    total, factor = 0, 2
    for char in reversed(body):
        addend = factor * ALPHABET.index(char)
        total += addend // 32 + addend % 32
        factor = 3 - factor
    return ALPHABET[-total % 32]


def voucher_code_new() -> str:
    body = "".join(secrets.choice(ALPHABET) for _ in range(12))
    groups = "-".join(body[i : i + 4] for i in range(0, 12, 4))
    return f"KIV-{groups}-{_check_symbol(body)}"


def voucher_code_normalise(code: str) -> str:
    """Upper case; in the random part O reads as 0 and I, L as 1 (Crockford)."""
    code = code.strip().upper()
    if not code.startswith("KIV-"):
        return code
    rest = code[4:].replace("O", "0").replace("I", "1").replace("L", "1")
    return "KIV-" + rest


def voucher_code_valid(code: str) -> bool:
    code = voucher_code_normalise(code)
    parts = code.split("-")
    if len(parts) != 5 or parts[0] != "KIV" or len(parts[4]) != 1:
        return False
    body = "".join(parts[1:4])
    if len(body) != 12 or any(c not in ALPHABET for c in body):
        return False
    return _check_symbol(body) == parts[4]


def voucher_transition(*, actor, voucher: Voucher, status: str, reason: str = "", fields=None):
    with transaction.atomic():
        locked = Voucher.objects.select_for_update().get(pk=voucher.pk)
        if status not in Voucher.ALLOWED_TRANSITIONS[locked.status]:
            raise Conflict(
                _("A voucher that is %(old)s cannot become %(new)s.")
                % {"old": locked.get_status_display(), "new": Voucher.Status(status).label},
                code="invalid_transition",
            )
        old = locked.status
        locked.status = status
        update = ["status"]
        for name, value in (fields or {}).items():
            setattr(locked, name, value)
            update.append(name)
        locked.save(update_fields=update)
        audit_record(
            actor=actor,
            action=f"voucher.{status}",
            obj=locked,
            old_state=old,
            new_state=status,
            reason=reason,
        )
        return locked


def voucher_issue(*, actor, application: Application, today: date | None = None) -> Voucher:
    today = today or timezone.localdate()
    with transaction.atomic():
        existing = Voucher.objects.filter(application=application).first()
        if existing:
            return existing
        voucher = Voucher.objects.create(
            application=application,
            code=voucher_code_new(),
            amount=application.granted_amount,
            valid_from=today,
            valid_until=add_months(today, application.programme.voucher_validity_months),
        )
        audit_record(
            actor=actor,
            action="voucher.issue",
            obj=voucher,
            new_state=voucher.status,
            data={"application": application.pk, "amount": str(voucher.amount)},
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
            voucher = voucher_transition(
                actor=None,
                voucher=voucher,
                status=Voucher.Status.EXPIRED,
                reason=_("validity period ended"),
            )
            commitment_release(
                actor=None, application=voucher.application, amount=voucher.amount, tag="expired"
            )
        expired.append(voucher)
    return expired


def vouchers_remind(*, today: date | None = None, days: int = REMIND_DAYS) -> int:
    """Remind companies of vouchers that expire within `days` (once per voucher)."""
    from kivoucher.applications.notifications import recipients_of

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
        if to:
            send_mail(
                _("Your KI-Voucher %(code)s expires on %(date)s")
                % {
                    "code": voucher.code,
                    "date": voucher.valid_until.strftime("%d.%m.%Y"),
                },
                _(
                    "Please submit the provider's invoice and a short report as proof of use "
                    "before the voucher expires; afterwards the grant lapses."
                )
                + f"\n\n{settings.SITE_URL.rstrip('/')}/vouchers/{voucher.code}/",
                None,
                to,
                fail_silently=True,
            )
        sent += 1
    return sent


def voucher_close(*, actor, voucher: Voucher) -> Voucher:
    return voucher_transition(
        actor=actor,
        voucher=voucher,
        status=Voucher.Status.CLOSED,
        fields={"closed_at": timezone.now()},
    )
