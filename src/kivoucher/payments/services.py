"""Payouts: money leaves a programme account through the ledger into the
outgoing-payments clearing account when the payout is prepared; a second person
releases it (four eyes); it is exported in a SEPA pain.001 batch (which may be held
back first), and reaches the bank (an outside-world account) when a bank statement
shows it paid (or the batch is marked paid). A return brings the money back into the
clearing account; a cancellation takes it back to the account it came from.

Ledger keys: `payout:<key>` (PAYOUT, source -> clearing), `payout:<key>:paid`
(PAYOUT_PAID, clearing -> bank; `:paid:<n>` for the n-th attempt after returns),
`payout:<key>:returned:<n>` (bank -> clearing), `payout:<key>:cancelled`
(clearing -> source)."""

import re
import secrets
import string
import unicodedata
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from schwifty import BIC, IBAN
from schwifty.exceptions import SchwiftyException
from sepaxml import SepaTransfer

from kivoucher.core.audit import audit_record
from kivoucher.core.errors import Conflict, DomainError, PermissionDenied
from kivoucher.core.mail import mail_send
from kivoucher.core.money import parse_money
from kivoucher.core.roles import Role
from kivoucher.core.site import absolute_url
from kivoucher.core.workflow import FourEyesViolation, separation_of_duties_check, transition
from kivoucher.ledger.models import Account
from kivoucher.ledger.selectors import (
    PAID_SUFFIX,
    PAYOUT,
    PAYOUT_CANCELLED,
    PAYOUT_PAID,
    PAYOUT_RETURNED,
)
from kivoucher.ledger.services import account_get_or_create, transfer_create
from kivoucher.organizations.bank_details import BANK_FIELDS
from kivoucher.organizations.models import Membership, Organisation
from kivoucher.organizations.selectors import membership_owner_check, recipients_of
from kivoucher.organizations.services import organisation_bank_details_apply
from kivoucher.payments.models import BankDetailsChange, PaymentBatch, Payout
from kivoucher.payments.notifications import payouts_paid_notify
from kivoucher.webhooks.events import events_emit

OUTGOING = "payments:outgoing"
BANK = "payments:bank"

# Domains that must act when their payouts are paid (a voucher closes) register
# here from their AppConfig.ready(); handlers run inside the marking transaction.
_paid_handlers: list = []


_cancelled_handlers: list = []
# Ledger kinds of the way back: a cancelled payout's money returns to its source
# account; a returned one's money comes back from the bank into the clearing account.


def on_payouts_paid(handler):
    """Register `handler(*, actor, payouts)` to run when payouts are paid (a batch
    marked paid, or a bank statement)."""
    _paid_handlers.append(handler)
    return handler


def on_payout_cancelled(handler):
    """Register `handler(*, actor, payout)` to run when a payout is cancelled."""
    _cancelled_handlers.append(handler)
    return handler


def outgoing_account() -> Account:
    return account_get_or_create(code=OUTGOING, name="Outgoing payments (clearing)")


def bank_account() -> Account:
    return account_get_or_create(code=BANK, name="Programme bank account (paid out)", floor=None)


def _bank_details(
    beneficiary: Organisation, iban: str | None, bic: str | None, name: str | None
) -> tuple[str, str, str]:
    iban = iban or beneficiary.iban
    bic = bic or beneficiary.bic
    name = (name or beneficiary.account_holder or beneficiary.name)[:140]
    if not iban:
        raise DomainError(
            _("%(org)s has no IBAN on file.") % {"org": beneficiary.name}, code="invalid_iban"
        )
    try:
        parsed = IBAN(iban)
        if bic:
            BIC(bic)
    except SchwiftyException as exc:
        raise DomainError(_("Invalid IBAN or BIC: %(error)s") % {"error": exc}, code="invalid_iban")
    return parsed.compact, (bic or (str(parsed.bic) if parsed.bic else "")), name


def payout_create(
    *,
    actor,
    key: str,
    origin: str,
    beneficiary: Organisation,
    amount: Decimal,
    source_account: Account,
    remittance: str,
    iban: str | None = None,
    bic: str | None = None,
    name: str | None = None,
) -> Payout:
    """Prepare a payout (idempotent by key); the money leaves `source_account` now.

    `actor` is the person who certified what is paid (the caseworker who accepted a
    proof of use, the approver of a settlement statement, the staff member who
    granted a refund): the payout's `prepared_by`, who may not release it. A
    non-person actor (None or a job's name) prepares it as the system; any approver
    may release such a payout. Nothing goes to the bank before a release
    (`payout_release`)."""
    amount = parse_money(amount)
    if amount <= 0:
        raise DomainError(_("A payout must be positive."), code="invalid_amount")
    with transaction.atomic():
        existing = Payout.objects.filter(key=key).first()
        if existing:
            if existing.amount != amount or existing.beneficiary_id != beneficiary.pk:
                raise Conflict(
                    _("Payout %(key)s exists with other content.") % {"key": key},
                    code="idempotency_conflict",
                )
            return existing
        iban, bic, name = _bank_details(beneficiary, iban, bic, name)
        transfer_create(
            key=f"payout:{key}",
            source=source_account,
            destination=outgoing_account(),
            amount=amount,
            kind=PAYOUT,
            memo=remittance,
        )
        # Held (not exported) while a change of the beneficiary's bank details waits.
        pending_change = BankDetailsChange.objects.filter(
            organisation=beneficiary, status=BankDetailsChange.Status.PENDING
        ).first()
        payout = Payout.objects.create(
            key=key,
            origin=origin,
            beneficiary=beneficiary,
            name=name,
            iban=iban,
            bic=bic,
            amount=amount,
            remittance=remittance[:140],
            end_to_end_id=_end_to_end_id(),
            source_account=source_account.code,
            bank_details_change=pending_change,
            prepared_by=_person(actor),
        )
        audit_record(
            actor=actor,
            action="payout.create",
            obj=payout,
            new_state=payout.status,
            data={
                "origin": origin,
                "amount": str(amount),
                "beneficiary": beneficiary.pk,
                "held_by_bank_details_change": pending_change.pk if pending_change else None,
            },
        )
        return payout


def _person(actor):
    """The user behind `actor`, or None for the system (a job's name, None)."""
    return actor if getattr(actor, "pk", None) else None


def _end_to_end_id() -> str:
    return "KIV" + secrets.token_hex(14).upper()[:32]


def _staff_act_check(actor) -> None:
    """Acting programme staff, or the platform's own jobs (a non-person actor)."""
    if _person(actor) is None or getattr(actor, "may_act_as_staff", False):
        return
    raise PermissionDenied(_("Only programme staff may do this."))


def _locked(payout: Payout) -> Payout:
    return Payout.objects.select_for_update().get(pk=payout.pk)


def _state_check(payout: Payout, *allowed: str) -> None:
    if payout.status not in allowed:
        raise Conflict(
            _("The payout %(id)s is %(status)s.")
            % {"id": payout.end_to_end_id, "status": payout.get_status_display()},
            code="invalid_transition",
        )


# --- release (four eyes) and cancellation -----------------------------------------
# Who releases payouts: the roles that decide applications and confirm changes of bank
# details (approvers, programme admins), never the person who prepared the payout nor
# a member of the beneficiary (kivoucher.core.workflow.separation_of_duties_check).
RELEASERS = frozenset({Role.APPROVER, Role.PROGRAMME_ADMIN})


def _release_check(*, actor, payout: Payout) -> None:
    if _person(actor) is None:
        raise PermissionDenied(_("A payout is released by a person."))
    separation_of_duties_check(
        actor=actor,
        deciders=RELEASERS,
        prepared_by=[payout.prepared_by_id],
        organisation_id=payout.beneficiary_id,
        refusal=_("Only approvers and programme admins release payouts."),
    )


def payout_may_release(*, actor, payout: Payout) -> bool:
    """Whether `actor` may release `payout` now (for pages: show the button)."""
    if payout.status != Payout.Status.PREPARED:
        return False
    try:
        _release_check(actor=actor, payout=payout)
    except PermissionDenied:
        return False
    return True


def payout_release(*, actor, payout: Payout) -> Payout:
    """A second person releases a prepared payout for the next SEPA batch (403
    `four_eyes` for the person who prepared it). Two releases at once: the row lock
    lets one through; the other finds it released (409)."""
    with transaction.atomic():
        payout = _locked(payout)
        _release_check(actor=actor, payout=payout)
        _state_check(payout, Payout.Status.PREPARED)
        return transition(
            payout,
            Payout.Status.RELEASED,
            actor=actor,
            fields={"released_by": actor, "released_at": timezone.now()},
            data={"prepared_by": payout.prepared_by_id, "amount": str(payout.amount)},
            locked=True,
        )


def payout_cancel(*, actor, payout: Payout, reason: str) -> Payout:
    """Cancel a payout not (or no longer) at the bank, with reasons: prepared, released
    (taken out of a held batch) or returned. The money goes back to the account it
    was paid from; the domain that made it is told (`on_payout_cancelled`)."""
    reason = (reason or "").strip()
    _staff_act_check(actor)
    if not reason:
        raise DomainError(_("A cancellation needs reasons."), code="reason_missing")
    with transaction.atomic():
        payout = _locked(payout)
        _state_check(payout, Payout.Status.PREPARED, Payout.Status.RELEASED, Payout.Status.RETURNED)
        in_held_batch = payout.status == Payout.Status.RELEASED and payout.batch_id is not None
        if in_held_batch:
            _batch_take_out(actor=actor, payout=payout, reason=reason)
        transfer_create(
            key=f"payout:{payout.key}:cancelled",
            source=outgoing_account(),
            destination=Account.objects.get(code=payout.source_account),
            amount=payout.amount,
            kind=PAYOUT_CANCELLED,
            memo=reason[:300],
        )
        payout = transition(
            payout,
            Payout.Status.CANCELLED,
            actor=actor,
            reason=reason,
            fields={"reason": reason},
            locked=True,
        )
        for handler in _cancelled_handlers:
            handler(actor=actor, payout=payout)
        return payout


def payout_prepare_again(*, actor, payout: Payout) -> Payout:
    """A returned payout goes out again to the beneficiary's current bank details (which
    must have changed), with a new end-to-end id; it needs a new release."""
    _staff_act_check(actor)
    with transaction.atomic():
        payout = _locked(payout)
        _state_check(payout, Payout.Status.RETURNED)
        beneficiary = Organisation.objects.get(pk=payout.beneficiary_id)
        if BankDetailsChange.objects.filter(
            organisation=beneficiary, status=BankDetailsChange.Status.PENDING
        ).exists():
            raise Conflict(
                _("A change of the bank details awaits confirmation; confirm it first."),
                code="bank_details_change_pending",
            )
        iban, bic, name = _bank_details(beneficiary, None, None, None)
        if (iban, bic, name) == (payout.iban, payout.bic, payout.name):
            raise Conflict(
                _(
                    "The bank returned this payout and %(org)s still has the same bank "
                    "details; ask for new ones first."
                )
                % {"org": beneficiary.name},
                code="bank_details_unchanged",
            )
        old = {"iban": payout.iban, "end_to_end_id": payout.end_to_end_id}
        return transition(
            payout,
            Payout.Status.PREPARED,
            actor=actor,
            fields={
                "iban": iban,
                "bic": bic,
                "name": name,
                "end_to_end_id": _end_to_end_id(),
                "attempt": payout.attempt + 1,
                "prepared_by": _person(actor),
                "released_by": None,
                "released_at": None,
                "batch": None,
                "paid_at": None,
            },
            data={"old": old, "iban": iban},
            locked=True,
        )


# The Latin character set of the EPC's SEPA implementation guidelines (section 1.4):
# what every bank in the scheme must accept in names and remittance information.
SEPA_CHARACTERS = frozenset(string.ascii_letters + string.digits + "/-?:().,'+ ")
# German (DIN 5007-2) and other letters that Unicode does not decompose into a base
# letter; anything else is decomposed (é -> e) or becomes a full stop.
_TRANSLITERATION = {
    "ä": "ae",
    "ö": "oe",
    "ü": "ue",
    "ß": "ss",
    "ẞ": "SS",
    "æ": "ae",
    "Æ": "AE",
    "œ": "oe",
    "Œ": "OE",
    "ø": "o",
    "Ø": "O",
    "ł": "l",
    "Ł": "L",
    "đ": "d",
    "Đ": "D",
    "ð": "d",
    "Ð": "D",
    "þ": "th",
    "Þ": "Th",
    "ı": "i",
    "&": "+",
    "‚": "'",
    "‘": "'",
    "’": "'",
    "„": "'",
    "“": "'",
    "”": "'",
    '"': "'",
    "«": "'",
    "»": "'",
    "‐": "-",
    "‑": "-",
    "–": "-",
    "—": "-",
    "_": "-",
}
_UMLAUTS = {"Ä": "Ae", "Ö": "Oe", "Ü": "Ue"}


def _sepa_char(text: str, i: int) -> str:
    char = text[i]
    if char in SEPA_CHARACTERS:
        return char
    if char in _UMLAUTS:
        # "MÜLLER" -> "MUELLER", "Müller" and "Über" -> "Ue...".
        before, after = text[i - 1 : i], text[i + 1 : i + 2]
        shouting = after.isupper() or (not after.isalpha() and before.isupper())
        return _UMLAUTS[char].upper() if shouting else _UMLAUTS[char]
    if char in _TRANSLITERATION:
        return _TRANSLITERATION[char]
    if char.isspace():
        return " "
    base = "".join(c for c in unicodedata.normalize("NFKD", char) if c in SEPA_CHARACTERS)
    return base or "."


def sepa_text(text: str, *, max_length: int | None = None) -> str:
    """`text` in the SEPA Latin character set: umlauts as the German rule writes
    them without (ü -> ue, ß -> ss), accents dropped (é -> e), `&` as `+`, typographic
    quotes and dashes as `'` and `-`, any other character as `.`; runs of white
    space become one space. Cut to `max_length` after transliterating (ü is two
    characters then)."""
    result = "".join(_sepa_char(text, i) for i in range(len(text)))
    result = re.sub(" {2,}", " ", result).strip()
    return result[:max_length].rstrip() if max_length else result


def _debtor() -> dict:
    return {
        "name": sepa_text(settings.KIVOUCHER_SEPA_DEBTOR_NAME, max_length=70),
        "IBAN": settings.KIVOUCHER_SEPA_DEBTOR_IBAN,
        "BIC": settings.KIVOUCHER_SEPA_DEBTOR_BIC,
        "batch": True,
        "currency": "EUR",
    }


def payouts_exportable():
    """Released payouts that may go into a new batch: not in a held batch already, and
    not those of an organisation whose change of bank details waits for a second
    person (they are held)."""
    held = BankDetailsChange.objects.filter(status=BankDetailsChange.Status.PENDING)
    return Payout.objects.filter(status=Payout.Status.RELEASED, batch__isnull=True).exclude(
        beneficiary_id__in=held.values("organisation_id")
    )


def _pain001(payouts: list[Payout], execution_date: date) -> tuple[str, str]:
    """(pain.001.001.03 XML, message id) of `payouts`."""
    # Names and texts are transliterated here (sepa_text); sepaxml's own cleaning
    # would drop the umlauts' e (Müller -> Muller).
    sepa = SepaTransfer(_debtor(), clean=False)
    for payout in payouts:
        payment = {
            "name": sepa_text(payout.name, max_length=70),
            "IBAN": payout.iban,
            "amount": int((payout.amount * 100).to_integral_value()),
            "execution_date": execution_date,
            "description": sepa_text(payout.remittance, max_length=140),
            "endtoend_id": payout.end_to_end_id,
        }
        if payout.bic:
            payment["BIC"] = payout.bic
        sepa.add_payment(payment)
    return sepa.export(validate=True).decode(), sepa.msg_id[:35]


def _batch_export(*, actor, batch: PaymentBatch, payouts: list[Payout]) -> PaymentBatch:
    """Write the pain.001 of `payouts` (locked, released) into `batch`; they go `exported`."""
    batch.xml, message_id = _pain001(payouts, batch.execution_date)
    if not batch.message_id:
        batch.message_id = message_id
    batch.total = sum(p.amount for p in payouts)
    batch.count = len(payouts)
    for payout in payouts:
        transition(
            payout,
            Payout.Status.EXPORTED,
            actor=actor,
            fields={"batch": batch},
            data={"batch": batch.message_id},
            locked=True,
        )
    return batch


def sepa_batch_create(
    *, actor, execution_date: date | None = None, hold: bool = False
) -> PaymentBatch | None:
    """Collect every released payout into one pain.001.001.03 batch (None if none);
    payouts held by a pending change of bank details wait for the next batch.

    With `hold` the batch is only built (`held`): its payouts stay released, may be
    taken out (`sepa_batch_take_out`), and go out with `sepa_batch_export`."""
    _staff_act_check(actor)
    execution_date = execution_date or timezone.localdate()
    with transaction.atomic():
        payouts = list(payouts_exportable().select_for_update().order_by("pk"))
        if not payouts:
            return None
        now = timezone.now()
        batch = PaymentBatch(
            status=PaymentBatch.Status.HELD if hold else PaymentBatch.Status.EXPORTED,
            created_by=_person(actor),
            execution_date=execution_date,
            total=sum(p.amount for p in payouts),
            count=len(payouts),
        )
        if hold:
            batch.message_id = "KIVB" + secrets.token_hex(12).upper()
            batch.save()
            Payout.objects.filter(pk__in=[p.pk for p in payouts]).update(batch=batch)
        else:
            batch.exported_at, batch.exported_by = now, _person(actor)
            batch.xml, batch.message_id = _pain001(payouts, execution_date)
            batch.save()
            _batch_export(actor=actor, batch=batch, payouts=payouts)
        audit_record(
            actor=actor,
            action="payment_batch.hold" if hold else "payment_batch.export",
            obj=batch,
            new_state=batch.status,
            data={"count": batch.count, "total": str(batch.total)},
        )
        return batch


def _held_batch_locked(batch: PaymentBatch) -> PaymentBatch:
    batch = PaymentBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.status != PaymentBatch.Status.HELD:
        raise Conflict(
            _("Batch %(id)s is %(status)s, not held back.")
            % {"id": batch.message_id, "status": batch.get_status_display()},
            code="invalid_transition",
        )
    return batch


def sepa_batch_export(*, actor, batch: PaymentBatch) -> PaymentBatch:
    """Send a held batch: its pain.001 is written from the payouts still in it (those
    of an organisation whose bank details now await confirmation are taken out)."""
    _staff_act_check(actor)
    with transaction.atomic():
        batch = _held_batch_locked(batch)
        exportable = set(payouts_exportable_in(batch).values_list("pk", flat=True))
        payouts = list(batch.payouts.select_for_update().order_by("pk"))
        for payout in payouts:
            if payout.pk not in exportable:
                _batch_take_out(
                    actor=actor, payout=payout, reason="bank details await confirmation"
                )
        payouts = [p for p in payouts if p.pk in exportable]
        if not payouts:
            raise Conflict(_("The batch holds no payouts any more."), code="batch_empty")
        _batch_export(actor=actor, batch=batch, payouts=payouts)
        return transition(
            batch,
            PaymentBatch.Status.EXPORTED,
            actor=actor,
            fields={
                "xml": batch.xml,
                "total": batch.total,
                "count": batch.count,
                "exported_at": timezone.now(),
                "exported_by": _person(actor),
            },
            data={"count": batch.count, "total": str(batch.total)},
            locked=True,
        )


def payouts_exportable_in(batch: PaymentBatch):
    held = BankDetailsChange.objects.filter(status=BankDetailsChange.Status.PENDING)
    return batch.payouts.filter(status=Payout.Status.RELEASED).exclude(
        beneficiary_id__in=held.values("organisation_id")
    )


def _batch_take_out(*, actor, payout: Payout, reason: str) -> None:
    """Take a (locked) payout out of its held batch; it stays released."""
    batch = PaymentBatch.objects.select_for_update().get(pk=payout.batch_id)
    if batch.status != PaymentBatch.Status.HELD:
        raise Conflict(_("Only a held batch can be changed."), code="invalid_transition")
    batch.count -= 1
    batch.total -= payout.amount
    batch.save(update_fields=["count", "total"])
    payout.batch = None
    payout.save(update_fields=["batch"])
    audit_record(
        actor=actor,
        action="payment_batch.take_out",
        obj=batch,
        reason=reason,
        data={"payout": payout.pk, "end_to_end_id": payout.end_to_end_id},
    )


def sepa_batch_take_out(*, actor, batch: PaymentBatch, payout: Payout) -> Payout:
    """Take a payout out of a held batch; it stays released for a later batch."""
    _staff_act_check(actor)
    with transaction.atomic():
        _held_batch_locked(batch)
        payout = _locked(payout)
        if payout.batch_id != batch.pk:
            raise Conflict(_("The payout is not in this batch."), code="not_in_batch")
        _batch_take_out(actor=actor, payout=payout, reason="taken out")
        return payout


def sepa_batch_discard(*, actor, batch: PaymentBatch, reason: str = "") -> PaymentBatch:
    """Dissolve a held batch: its payouts stay released for the next one."""
    _staff_act_check(actor)
    with transaction.atomic():
        batch = _held_batch_locked(batch)
        payouts = list(batch.payouts.select_for_update().values_list("pk", flat=True))
        Payout.objects.filter(pk__in=payouts).update(batch=None)
        return transition(
            batch,
            PaymentBatch.Status.DISCARDED,
            actor=actor,
            reason=reason,
            data={"payouts": payouts},
            locked=True,
        )


# --- paid and returned (bank statements, or by hand) -------------------------------
def _paid_key(payout: Payout) -> str:
    suffix = PAID_SUFFIX if payout.attempt == 1 else f"{PAID_SUFFIX}:{payout.attempt}"
    return f"payout:{payout.key}{suffix}"


def _payout_pay(*, actor, payout: Payout, now) -> Payout:
    """An exported (locked) payout was paid: the money leaves the clearing account."""
    transfer_create(
        key=_paid_key(payout),
        source=outgoing_account(),
        destination=bank_account(),
        amount=payout.amount,
        kind=PAYOUT_PAID,
        memo=payout.end_to_end_id,
    )
    return transition(payout, Payout.Status.PAID, actor=actor, fields={"paid_at": now}, locked=True)


def _payouts_paid(*, actor, paid: list[Payout]) -> None:
    """Tell the domains, the partners (webhooks) and the beneficiaries (mail)."""
    if not paid:
        return
    for handler in _paid_handlers:
        handler(actor=actor, payouts=paid)
    events_emit(
        type="payout.paid",
        items=[
            (
                {
                    "payout": p.pk,
                    "end_to_end_id": p.end_to_end_id,
                    "amount": str(p.amount),
                    "paid_at": p.paid_at.isoformat(),
                },
                [p.beneficiary_id],
            )
            for p in paid
        ],
    )
    payouts_paid_notify(payouts=paid)


def _batch_settle(*, actor, batch_id: int | None) -> None:
    """An exported batch is paid once none of its payouts is still at the bank."""
    if batch_id is None:
        return
    batch = PaymentBatch.objects.select_for_update().get(pk=batch_id)
    if batch.status != PaymentBatch.Status.EXPORTED:
        return
    if not batch.payouts.filter(status=Payout.Status.EXPORTED).exists():
        transition(
            batch,
            PaymentBatch.Status.PAID,
            actor=actor,
            fields={"paid_at": timezone.now()},
            locked=True,
        )


def payout_mark_paid(*, actor, payout: Payout) -> Payout:
    """The bank executed this exported payout (a bank statement's debit entry)."""
    with transaction.atomic():
        payout = _locked(payout)
        _state_check(payout, Payout.Status.EXPORTED)
        payout = _payout_pay(actor=actor, payout=payout, now=timezone.now())
        _batch_settle(actor=actor, batch_id=payout.batch_id)
        _payouts_paid(actor=actor, paid=[payout])
        return payout


def payout_mark_returned(*, actor, payout: Payout, code: str = "", note: str = "") -> Payout:
    """The bank returned this payout (reason `code`, e.g. AC04 account closed): the
    money is back in the clearing account, and the beneficiary's people are asked for
    new bank details; then it is prepared again (`payout_prepare_again`) or cancelled."""
    with transaction.atomic():
        payout = _locked(payout)
        _state_check(payout, Payout.Status.EXPORTED, Payout.Status.PAID)
        if payout.status == Payout.Status.PAID:
            transfer_create(
                key=f"payout:{payout.key}:returned:{payout.attempt}",
                source=bank_account(),
                destination=outgoing_account(),
                amount=payout.amount,
                kind=PAYOUT_RETURNED,
                memo=f"{payout.end_to_end_id} {code}"[:300],
            )
        reason = " ".join(part for part in (code, note) if part)
        payout = transition(
            payout,
            Payout.Status.RETURNED,
            actor=actor,
            reason=reason,
            fields={"return_code": code[:10], "reason": reason},
            data={"return_code": code},
            locked=True,
        )
        _batch_settle(actor=actor, batch_id=payout.batch_id)
        _payout_returned_mail(payout)
        return payout


def _payout_returned_mail(payout: Payout) -> None:
    organisation = payout.beneficiary
    recipients = recipients_of(organisation)
    if not recipients:
        return
    link = absolute_url(reverse("payments:bank_details", args=[organisation.pk]))
    subject = _("KI-Voucher: payment returned, please check your bank details")
    body = _(
        "Our bank could not pay %(amount)s EUR (%(purpose)s) to the account %(iban)s of "
        "%(org)s and returned it (reason: %(code)s). Please enter the correct bank "
        "details; the payment is then made again: %(link)s"
    ) % {
        "amount": payout.amount,
        "purpose": payout.remittance,
        "iban": payout.iban,
        "org": organisation.name,
        "code": payout.return_code or "–",
        "link": link,
    }
    mail_send(subject=subject, body=body, to=recipients)


def sepa_batch_mark_paid(*, actor, batch: PaymentBatch) -> PaymentBatch:
    """The bank executed the batch (without a statement): every payout in it still at
    the bank is paid, and the batch with it."""
    _staff_act_check(actor)
    with transaction.atomic():
        batch = PaymentBatch.objects.select_for_update().get(pk=batch.pk)
        if batch.status == PaymentBatch.Status.PAID:
            raise Conflict(
                _("Batch %(id)s is already paid.") % {"id": batch.message_id}, code="already_paid"
            )
        if batch.status != PaymentBatch.Status.EXPORTED:
            raise Conflict(
                _("Batch %(id)s was not exported.") % {"id": batch.message_id},
                code="invalid_transition",
            )
        now = timezone.now()
        paid = [
            _payout_pay(actor=actor, payout=payout, now=now)
            for payout in batch.payouts.select_for_update()
            .filter(status=Payout.Status.EXPORTED)
            .order_by("pk")
        ]
        transition(
            batch, PaymentBatch.Status.PAID, actor=actor, fields={"paid_at": now}, locked=True
        )
        _payouts_paid(actor=actor, paid=paid)
        return batch


def payouts_paid_for(origin: str) -> Decimal:
    from django.db.models import Sum

    return Payout.objects.filter(origin=origin, status=Payout.Status.PAID).aggregate(
        s=Sum("amount")
    )["s"] or Decimal("0")


# --- changes of bank details ----------------------------------------------
# Who confirms a change of bank details on the programme's side (four eyes).
BANK_DETAILS_DECIDERS = frozenset({Role.APPROVER, Role.PROGRAMME_ADMIN})
OPEN_PAYOUT_STATUSES = Payout.OPEN


def _is_member(user_id, organisation_id) -> bool:
    return (
        bool(user_id)
        and Membership.objects.filter(user_id=user_id, organisation_id=organisation_id).exists()
    )


def _bank_details_mail(change: BankDetailsChange) -> None:
    organisation = change.organisation
    recipients = recipients_of(organisation)
    if not recipients:
        return
    link = absolute_url(reverse("payments:bank_details", args=[organisation.pk]))
    message = _(
        "The bank details of %(org)s are to change to the IBAN %(iban)s (account holder: "
        "%(holder)s). Payouts to %(org)s are held until a second person confirms the "
        "change. If you did not ask for it, reject it at once: %(link)s"
    ) % {
        "org": organisation.name,
        "iban": change.new_iban or "–",
        "holder": change.new_account_holder or "–",
        "link": link,
    }
    subject = _("KI-Voucher: change of bank details of %(org)s") % {"org": organisation.name}
    mail_send(subject=subject, body=message, to=recipients)


def bank_details_change(*, actor, organisation: Organisation, new: dict) -> BankDetailsChange:
    """A change of `organisation`'s bank details (the guard `organisation_update` hands
    every such change to; registered in PaymentsConfig.ready).

    It applies at once (status `applied`) only when nobody could redirect money with
    it: the organisation has no open payouts (prepared or in a batch not yet paid) and
    the change is made by one of its own members (or the system). A change by staff
    for the organisation, or one while payouts are open, waits (`pending`) for a
    second person (`bank_details_change_confirm`): the organisation keeps its old
    details, payouts prepared meanwhile go to them, and its pending payouts are held
    out of SEPA batches. Its members are told by mail. A caseworker who changes the
    IBAN and then accepts a proof of use therefore pays the old account."""
    with transaction.atomic():
        organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
        if BankDetailsChange.objects.filter(
            organisation=organisation, status=BankDetailsChange.Status.PENDING
        ).exists():
            raise Conflict(
                _(
                    "A change of the bank details of %(org)s already awaits confirmation; "
                    "it must be confirmed or rejected first."
                )
                % {"org": organisation.name},
                code="bank_details_change_pending",
            )
        actor_id = getattr(actor, "pk", None)
        open_payouts = Payout.objects.filter(
            beneficiary=organisation, status__in=OPEN_PAYOUT_STATUSES
        ).count()
        by_outsider = bool(actor_id) and not _is_member(actor_id, organisation.pk)
        pending = bool(open_payouts) or by_outsider
        change = BankDetailsChange.objects.create(
            organisation=organisation,
            requested_by=actor if actor_id else None,
            status=(
                BankDetailsChange.Status.PENDING if pending else BankDetailsChange.Status.APPLIED
            ),
            **{f"old_{name}": getattr(organisation, name) for name in BANK_FIELDS},
            **{f"new_{name}": new.get(name, "") for name in BANK_FIELDS},
        )
        audit_record(
            actor=actor,
            action="bank_details_change.request",
            obj=change,
            new_state=change.status,
            data={
                "organisation": organisation.pk,
                "old_iban": change.old_iban,
                "new_iban": change.new_iban,
                "open_payouts": open_payouts,
                "by_staff": by_outsider,
            },
        )
        if not pending:
            organisation_bank_details_apply(
                actor=actor,
                organisation=organisation,
                new=new,
                reason=f"bank details change {change.pk}: no open payouts",
            )
            return change
        held = Payout.objects.select_for_update().filter(
            beneficiary=organisation, status__in=Payout.WAITING
        )
        for payout in held.order_by("pk"):
            payout.bank_details_change = change
            payout.save(update_fields=["bank_details_change"])
            audit_record(
                actor=actor,
                action="payout.hold",
                obj=payout,
                reason=f"bank details change {change.pk} awaits confirmation",
                data={"bank_details_change": change.pk},
            )
        _bank_details_mail(change)
        return change


def _bank_details_decider_check(*, actor, change: BankDetailsChange) -> None:
    """Who confirms (or rejects) a pending change: never the person who asked for it;
    an approver or programme admin who is not a member of the organisation; or, for a
    change staff made, an owner of the organisation itself."""
    if not getattr(actor, "pk", None):
        raise PermissionDenied(_("A change of bank details is confirmed by a person."))
    if actor.pk == change.requested_by_id:
        raise FourEyesViolation(
            _("You asked for this change of bank details; a second person must confirm it.")
        )
    if actor.acts_for_organisation and _is_member(actor.pk, change.organisation_id):
        if change.requested_by_id and not _is_member(
            change.requested_by_id, change.organisation_id
        ):
            # the organisation's bank details are its owners' to decide
            membership_owner_check(actor=actor, organisation=change.organisation)
            return
        raise PermissionDenied(
            _("A change your organisation made is confirmed by the programme's staff.")
        )
    separation_of_duties_check(
        actor=actor,
        deciders=BANK_DETAILS_DECIDERS,
        prepared_by=[change.requested_by_id],
        organisation_id=change.organisation_id,
        refusal=_("Only approvers and programme admins confirm changes of bank details."),
    )


def bank_details_change_may_decide(*, actor, change: BankDetailsChange) -> bool:
    """Whether `actor` may confirm or reject `change` (for pages: show the buttons)."""
    try:
        _bank_details_decider_check(actor=actor, change=change)
    except PermissionDenied:
        return False
    return change.status == BankDetailsChange.Status.PENDING


def _pending_change_locked(change: BankDetailsChange, *, actor, withdraw: bool = False):
    """The change, locked, after the decider check (the requester may only withdraw)."""
    change = BankDetailsChange.objects.select_for_update().get(pk=change.pk)
    if not (withdraw and getattr(actor, "pk", None) and actor.pk == change.requested_by_id):
        _bank_details_decider_check(actor=actor, change=change)
    if change.status != BankDetailsChange.Status.PENDING:
        raise Conflict(
            _("This change of bank details is already %(status)s.")
            % {"status": change.get_status_display()},
            code="invalid_transition",
        )
    return change


def bank_details_change_confirm(*, actor, change: BankDetailsChange) -> BankDetailsChange:
    """A second person confirms: the new details apply, and the organisation's held
    payouts that were addressed to the old account go to the new one."""
    with transaction.atomic():
        change = _pending_change_locked(change, actor=actor)
        organisation = organisation_bank_details_apply(
            actor=actor,
            organisation=change.organisation,
            new={name: getattr(change, f"new_{name}") for name in BANK_FIELDS},
            reason=f"bank details change {change.pk} confirmed",
        )
        try:
            old_iban = IBAN(change.old_iban).compact
        except SchwiftyException:
            old_iban = change.old_iban
        payouts = Payout.objects.select_for_update().filter(
            beneficiary=organisation, status__in=Payout.WAITING, iban=old_iban
        )
        readdressed = []
        for payout in payouts.order_by("pk"):
            old = {"iban": payout.iban, "bic": payout.bic, "name": payout.name}
            payout.iban, payout.bic, payout.name = _bank_details(organisation, None, None, None)
            payout.bank_details_change = change
            payout.save(update_fields=["iban", "bic", "name", "bank_details_change"])
            audit_record(
                actor=actor,
                action="payout.readdress",
                obj=payout,
                reason=f"bank details change {change.pk} confirmed",
                data={"old": old, "new": {"iban": payout.iban, "bic": payout.bic}},
            )
            readdressed.append(payout.pk)
        return transition(
            change,
            BankDetailsChange.Status.CONFIRMED,
            actor=actor,
            fields={"decided_by": actor, "decided_at": timezone.now()},
            data={"payouts_readdressed": readdressed},
            locked=True,
        )


def bank_details_change_reject(*, actor, change: BankDetailsChange, note: str) -> BankDetailsChange:
    """Reject a pending change (anyone who may confirm it), or withdraw it (the person
    who asked for it): the old details stay and the held payouts go out to them."""
    note = (note or "").strip()
    with transaction.atomic():
        change = _pending_change_locked(change, actor=actor, withdraw=True)
        if not note:
            raise DomainError(_("A rejection needs reasons."), code="reason_missing")
        released = list(
            Payout.objects.filter(
                bank_details_change=change, status__in=Payout.WAITING
            ).values_list("pk", flat=True)
        )
        for pk in released:
            audit_record(
                actor=actor,
                action="payout.unhold",
                obj=("payments.payout", pk),
                reason=f"bank details change {change.pk} rejected",
                data={"bank_details_change": change.pk},
            )
        return transition(
            change,
            BankDetailsChange.Status.REJECTED,
            actor=actor,
            reason=note,
            fields={"decided_by": actor, "decided_at": timezone.now(), "note": note},
            data={"payouts_released": released},
            locked=True,
        )
