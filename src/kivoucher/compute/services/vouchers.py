"""Issuing compute vouchers, thresholds and expiry. Status changes go through the
workflow kernel (`ComputeVoucher.ALLOWED_TRANSITIONS`); a voucher that is used up or
expires opens its final report."""

import re
import secrets
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kivoucher.compute.models import ComputeVoucher, DataCentre
from kivoucher.compute.services.limits import length_check
from kivoucher.compute.services.notify import notification_send
from kivoucher.compute.services.reports import final_report_open
from kivoucher.core.audit import audit_record
from kivoucher.core.errors import Conflict, DomainError
from kivoucher.core.money import ZERO, format_eur, parse_money
from kivoucher.core.workflow import transition
from kivoucher.ledger.services import (
    account_get_or_create,
    accounts_lock,
    transfer_create,
    transfer_up_to,
)
from kivoucher.organizations.models import Organisation
from kivoucher.programmes.deminimis import aid_award_record
from kivoucher.programmes.models import Call
from kivoucher.programmes.services import call_budget_account
from kivoucher.webhooks.events import event_emit

ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
# Slurm account names: sacctmgr stores account names in lower case (it lowercases what
# it is given) and splits its arguments at commas, spaces and quotes; the accounting
# database allows any other byte. We take the portable subset, so that the name the
# data centre sees in sacct is exactly the one mapped here: a lower-case letter first,
# then lower-case letters, digits, '_' and '-', at most 64 characters (the column).
SLURM_ACCOUNT = re.compile(r"\A[a-z][a-z0-9_-]{0,63}\Z")
# POSIX user names as useradd(8) accepts them by default (NAME_REGEX): a lower-case
# letter or '_' first, then lower-case letters, digits, '_' and '-', at most 32.
POSIX_USER = re.compile(r"\A[a-z_][a-z0-9_-]{0,31}\Z")
MAX_SLURM_USERS = 100
S = ComputeVoucher.Status
THRESHOLDS = (80, 100)


def _new_code() -> str:
    body = "".join(secrets.choice(ALPHABET) for _ in range(8))
    return f"KCV-{body[:4]}-{body[4:]}"


def _add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)


def _event(voucher: ComputeVoucher, type_: str, **data) -> None:
    """Tell the holding company and the data centre (webhooks, in this transaction)."""
    event_emit(
        type=type_,
        data={
            "code": voucher.code,
            "data_centre": voucher.data_centre.code,
            "value": str(voucher.value),
            "status": voucher.status,
            **data,
        },
        organisations=[voucher.organisation_id, voucher.data_centre.organisation_id],
    )


def compute_voucher_issue(
    *,
    actor,
    organisation: Organisation,
    data_centre: DataCentre,
    call: Call,
    value: Decimal | None = None,
    application=None,
    reference: str | None = None,
    slurm_account: str = "",
) -> ComputeVoucher:
    """Issue a voucher for one data centre: a ledger account funded from the call's
    budget, recorded as de-minimis aid of the company."""
    programme = call.programme
    slurm_account = slurm_account_check(slurm_account)
    value = parse_money(value if value is not None else programme.max_grant, field=_("Value"))
    if value <= 0:
        raise DomainError(_("A voucher must have a positive value."), code="invalid_amount")
    if not data_centre.accepts_new_vouchers:
        raise Conflict(
            _("%(dc)s accepts no new vouchers: its Gaia-X evidence is not valid.")
            % {"dc": data_centre.organisation.name},
            code="data_centre_suspended",
        )
    with transaction.atomic():
        code = _new_code()
        while ComputeVoucher.objects.filter(code=code).exists():
            code = _new_code()
        account = account_get_or_create(code=f"compute:voucher:{code}", name=f"Compute {code}")
        now = timezone.now()
        aid_award_record(
            actor=actor,
            programme=programme,
            organisation=organisation,
            reference=reference or f"compute-voucher:{code}",
            amount=value,
            granted_on=timezone.localdate(),
        )
        transfer_create(
            key=f"compute:voucher:{code}:funding",
            source=call_budget_account(call),
            destination=account,
            amount=value,
            kind="compute_voucher_funding",
            memo=f"{organisation.name} @ {data_centre.code}",
        )
        voucher = ComputeVoucher(
            code=code,
            organisation=organisation,
            data_centre=data_centre,
            programme=programme,
            call=call,
            application=application,
            account=account,
            value=value,
            issued_at=now,
            valid_until=_add_months(timezone.localdate(), programme.voucher_validity_months),
            slurm_account=slurm_account,
        )
        voucher.full_clean()
        voucher.save()
        audit_record(
            actor=actor,
            action="compute_voucher.issue",
            obj=voucher,
            new_state=voucher.status,
            data={
                "value": str(value),
                "organisation": organisation.pk,
                "data_centre": data_centre.code,
                "valid_until": voucher.valid_until.isoformat(),
            },
        )
        _event(voucher, "compute_voucher.issued", valid_until=voucher.valid_until.isoformat())
        return voucher


def slurm_account_check(account: str) -> str:
    """The Slurm account name stripped, or a DomainError saying what Slurm would refuse
    ("" means no account)."""
    if not isinstance(account, str):
        raise DomainError(_("The Slurm account must be a text."), code="invalid_slurm_account")
    account = length_check(
        ComputeVoucher, "slurm_account", account.strip(), label=_("The Slurm account")
    )
    if account and not SLURM_ACCOUNT.match(account):
        raise DomainError(
            _(
                "The Slurm account %(a)s is not a valid name: it must start with a lower-case "
                "letter and contain only lower-case letters, digits, '_' and '-'."
            )
            % {"a": account},
            code="invalid_slurm_account",
        )
    return account


def slurm_users_check(users) -> list[str]:
    """The Slurm (POSIX) user names, sorted, or a DomainError: at most 100, each a
    valid POSIX user name, none twice."""
    if not isinstance(users, list | tuple):
        raise DomainError(_("The Slurm users must be a list."), code="invalid_slurm_user")
    if len(users) > MAX_SLURM_USERS:
        raise DomainError(
            _("At most %(n)s Slurm users per voucher.") % {"n": MAX_SLURM_USERS},
            code="too_many_slurm_users",
        )
    names = []
    for user in users:
        name = user.strip() if isinstance(user, str) else user
        if not isinstance(name, str) or not POSIX_USER.match(name):
            raise DomainError(
                _(
                    "%(u)s is not a valid user name: it must start with a lower-case letter "
                    "or '_' and contain only lower-case letters, digits, '_' and '-' (at most "
                    "32 characters)."
                )
                % {"u": str(user)[:100]},
                code="invalid_slurm_user",
            )
        names.append(name)
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        raise DomainError(
            _("The user %(u)s is named twice.") % {"u": twice[0]}, code="duplicate_slurm_user"
        )
    return sorted(names)


def compute_voucher_set_slurm_account(
    *, actor, voucher: ComputeVoucher, slurm_account: str, users: list[str] | None = None
) -> ComputeVoucher:
    """Map the voucher to a Slurm account and the users associated with it (the site
    agent creates the account, associates exactly these users and sets its limit).
    `users=None` keeps the users; an empty account takes the users away too."""
    slurm_account = slurm_account_check(slurm_account)
    given = None if users is None else slurm_users_check(users)
    if not slurm_account and given:
        raise DomainError(
            _("Users can only be associated with a Slurm account: name the account first."),
            code="invalid_slurm_account",
        )
    with transaction.atomic():
        locked = ComputeVoucher.objects.select_for_update().get(pk=voucher.pk)
        if not slurm_account:
            users = []
        else:
            users = list(locked.slurm_users or []) if given is None else given
        clash = (
            ComputeVoucher.objects.filter(
                data_centre_id=locked.data_centre_id, slurm_account=slurm_account
            )
            .exclude(pk=voucher.pk)
            .exists()
        )
        if slurm_account and clash:
            raise Conflict(
                _("The Slurm account %(a)s is already mapped to another voucher.")
                % {"a": slurm_account},
                code="slurm_account_taken",
            )
        old, old_users = locked.slurm_account, list(locked.slurm_users or [])
        locked.slurm_account, locked.slurm_users = slurm_account, users
        locked.save(update_fields=["slurm_account", "slurm_users"])
        # The caller's instance (with its loaded relations) shows the new mapping too.
        voucher.slurm_account, voucher.slurm_users = slurm_account, users
        audit_record(
            actor=actor,
            action="compute_voucher.slurm_account",
            obj=voucher,
            old_state=old,
            new_state=slurm_account,
            data={"users": users, "old_users": old_users},
        )
        return voucher


def held_on(voucher: ComputeVoucher) -> Decimal:
    """Money reserved by pending holds: not used yet, only set aside."""

    from kivoucher.compute.models import ComputeHold
    from kivoucher.ledger.selectors import money_sum

    return money_sum(voucher.holds.filter(status=ComputeHold.Status.PENDING), "amount")


def voucher_after_balance_change(*, voucher: ComputeVoucher, balance: Decimal) -> None:
    """Thresholds (80 % and 100 % used) and the used-up status, after the ledger moved money.
    Runs inside the caller's transaction, with the voucher's account locked. Money held
    for a job counts as still available until the job is settled."""
    crossing = (balance * 100 <= voucher.value * 20 and voucher.notified_80_at is None) or (
        balance <= ZERO and voucher.status == S.ACTIVE
    )
    if crossing:
        balance += held_on(voucher)
    used = voucher.value - balance
    percent = used * 100 / voucher.value if voucher.value else Decimal(100)
    now = timezone.now()
    # Every threshold reached is marked; only the highest one newly reached is told
    # (a batch that uses the voucher up sends no "80 %" notice with 100 % figures).
    told = None
    for threshold in THRESHOLDS:
        field = f"notified_{threshold}_at"
        if percent >= threshold and getattr(voucher, field) is None:
            updated = ComputeVoucher.objects.filter(pk=voucher.pk, **{field: None}).update(
                **{field: now}
            )
            setattr(voucher, field, now)
            if updated:
                told = threshold
    if told is not None:
        message = _(
            "Compute voucher %(code)s is %(pct)s %% used: %(used)s of %(value)s, %(balance)s left."
        ) % {
            "code": voucher.code,
            "pct": told,
            "used": format_eur(used),
            "value": format_eur(voucher.value),
            "balance": format_eur(balance),
        }
        for org in (voucher.organisation, voucher.data_centre.organisation):
            notification_send(
                organisation=org, kind=f"voucher_used_{told}", message=message, voucher=voucher
            )
        _event(voucher, "compute_voucher.threshold_reached", threshold=told, used=str(used))
    # idempotent: a parallel batch on the same voucher may have made the change first.
    if balance <= ZERO and voucher.status == S.ACTIVE:
        transition(voucher, S.EXHAUSTED, actor=None, reason="balance used up", idempotent=True)
        final_report_open(voucher=voucher)
    elif balance > ZERO and voucher.status == S.EXHAUSTED:
        reason = "balance restored by a correction"
        transition(voucher, S.ACTIVE, actor=None, reason=reason, idempotent=True)


def compute_vouchers_expire(*, today: date | None = None) -> list[ComputeVoucher]:
    """Vouchers past the end of their validity expire (daily task)."""
    today = today or timezone.localdate()
    expired = []
    due = ComputeVoucher.objects.filter(
        status__in=[S.ACTIVE, S.EXHAUSTED], valid_until__lt=today
    ).order_by("pk")
    for voucher in due:
        with transaction.atomic():
            # Accounts first, then the voucher row: the order of a usage batch (which
            # locks the accounts and then writes the voucher's remainder and status).
            accounts_lock(voucher.account_id, call_budget_account(voucher.call).pk)
            voucher = ComputeVoucher.objects.select_for_update().get(pk=voucher.pk)
            if voucher.status == S.EXPIRED:  # expired meanwhile by a parallel run
                expired.append(voucher)
                continue
            transition(voucher, S.EXPIRED, actor=None, reason="end of validity", locked=True)
            final_report_open(voucher=voucher)
            _event(voucher, "compute_voucher.expired", valid_until=voucher.valid_until.isoformat())
            # The unused balance goes back to the call's budget (pending holds stay
            # reserved until the data centre settles or releases them).
            transfer_up_to(
                key=f"compute:voucher:{voucher.code}:expiry",
                source=voucher.account,
                destination=call_budget_account(voucher.call),
                amount=voucher.value,
                kind="compute_voucher_expiry",
                memo=voucher.code,
            )
        expired.append(voucher)
    return expired


def validity_end(voucher: ComputeVoucher):
    """The first instant after the validity (end of the valid_until day, local time)."""
    from datetime import datetime, time

    return timezone.make_aware(datetime.combine(voucher.valid_until + timedelta(days=1), time()))
