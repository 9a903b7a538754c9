"""Know your customer for buyer organisations (Geldwäschegesetz, GwG §§ 10-11).

The buyer records its legal representatives and beneficial owners (name, date of
birth, share or kind of control, Transparency Register reference) and submits them;
a staff member checks them (approved or not, with a note; audited, no second pair of
eyes required). Until the buyer's dossier is approved, no payment of that buyer is
confirmed:

- staff confirming a payment by hand are refused (409 `kyc_outstanding`);
- a payment found in a bank statement is *held*: it stays matched to its purchase
  (`Purchase.payment_held`: amount, bank reference, statement entry), the purchase
  stays awaiting payment with the note "KYC outstanding", and the statement import
  reports it for a person to look at. Nothing is booked and nothing is lost: when the
  dossier is approved, every held payment is confirmed (with its bank reference, in
  the order the payments were held); if the pre-sale failed or the order is revoked
  meanwhile, the held money is booked and refunded to the buyer by SEPA.

Records are kept five years after the end of the business relationship (GwG § 8
(4)), then anonymised by the retention job (`presale.gdpr`).
"""

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kivoucher.core.audit import audit_record
from kivoucher.core.errors import Conflict, DomainError, PermissionDenied
from kivoucher.core.roles import Role
from kivoucher.core.workflow import transition
from kivoucher.ledger.services import transfer_create
from kivoucher.organizations.models import Organisation
from kivoucher.presale.models import KycDossier, KycPerson, Purchase

EDITABLE = (KycDossier.Status.DRAFT, KycDossier.Status.REJECTED)
HELD_NOTE = "kyc_outstanding"


def kyc_approved(organisation_id: int) -> bool:
    return KycDossier.objects.filter(
        organisation_id=organisation_id, status=KycDossier.Status.APPROVED
    ).exists()


def kyc_outstanding_error() -> Conflict:
    return Conflict(
        _(
            "The buyer's identity check (KYC: legal representatives and beneficial owners) "
            "is not yet approved; no payment of this buyer can be confirmed before."
        ),
        code="kyc_outstanding",
    )


def _buyer_check(actor, organisation: Organisation | None) -> Organisation:
    from kivoucher.presale.services import _is_member

    if organisation is not None and getattr(actor, "may_act_as_staff", False):
        return organisation  # staff record what the buyer gave them on paper
    if (
        organisation is None
        or getattr(actor, "role", None) != Role.BUYER
        or not _is_member(actor, organisation.pk)
    ):
        raise PermissionDenied(_("Only the buyer's own people can do this."))
    return organisation


def _person(actor):
    return actor if getattr(actor, "pk", None) else None


def payment_is_held(purchase: Purchase) -> bool:
    """A payment arrived and waits for the KYC check (not yet confirmed or refunded)."""
    return (
        purchase.status == Purchase.Status.PENDING
        and bool(purchase.payment_held)
        and "refunded" not in purchase.payment_held
    )


def kyc_dossier_of(organisation: Organisation) -> KycDossier:
    """The organisation's dossier (made on first use)."""
    dossier, _created = KycDossier.objects.get_or_create(organisation=organisation)
    return dossier


def _person_clean(person: dict) -> dict:
    role = person.get("role")
    if role not in KycPerson.Role.values:
        raise DomainError(_("Each person is a legal representative or a beneficial owner."))
    name = (person.get("name") or "").strip()
    if not name:
        raise DomainError(_("Each person needs a name."), code="invalid")
    birth_date = person.get("birth_date") or None
    if isinstance(birth_date, str):
        try:
            birth_date = date.fromisoformat(birth_date)
        except ValueError as exc:
            raise DomainError(_("A date of birth is YYYY-MM-DD."), code="invalid") from exc
    share = person.get("share_percent")
    control = (person.get("control") or "").strip()
    if role == KycPerson.Role.OWNER:
        if birth_date is None:
            raise DomainError(
                _("A beneficial owner needs a date of birth."), code="birth_date_missing"
            )
        if share in (None, "") and not control:
            raise DomainError(
                _("Give the beneficial owner's share (%) or the nature of their control."),
                code="control_missing",
            )
    return {
        "role": role,
        "name": name[:200],
        "birth_date": birth_date,
        "share_percent": share if share not in ("",) else None,
        "control": control[:200],
        "register_reference": (person.get("register_reference") or "").strip()[:100],
    }


def kyc_persons_set(
    *,
    actor,
    organisation: Organisation | None,
    persons: list[dict],
    register_extract: str = "",
) -> KycDossier:
    """Replace the dossier's persons (while it is being prepared or after a rejection)."""
    _buyer_check(actor, organisation)
    cleaned = [_person_clean(p) for p in persons]
    with transaction.atomic():
        dossier = KycDossier.objects.select_for_update().get(pk=kyc_dossier_of(organisation).pk)
        if dossier.status not in EDITABLE:
            raise Conflict(
                _("The dossier is submitted; it can be changed after the check only."),
                code="kyc_locked",
            )
        dossier.persons.all().delete()
        for data in cleaned:
            person = KycPerson(dossier=dossier, **data)
            try:
                person.full_clean()
            except Exception as exc:
                raise DomainError(
                    _("A share of capital or voting rights is between 0 and 100 %."),
                    code="invalid",
                ) from exc
            person.save()
        dossier.register_extract = (register_extract or "").strip()[:100]
        dossier.save(update_fields=["register_extract"])
        audit_record(
            actor=actor,
            action="presale.kyc.persons",
            obj=dossier,
            data={
                "representatives": sum(1 for p in cleaned if p["role"] == "representative"),
                "owners": sum(1 for p in cleaned if p["role"] == "owner"),
            },
        )
        return dossier


def kyc_submit(*, actor, organisation: Organisation | None) -> KycDossier:
    _buyer_check(actor, organisation)
    dossier = kyc_dossier_of(organisation)
    roles = set(dossier.persons.values_list("role", flat=True))
    if KycPerson.Role.REPRESENTATIVE not in roles:
        raise DomainError(
            _("Name at least one legal representative."), code="representative_missing"
        )
    if KycPerson.Role.OWNER not in roles:
        raise DomainError(
            _(
                "Name at least one beneficial owner (if nobody holds more than 25 %, the "
                "fictitious beneficial owner: the legal representatives)."
            ),
            code="owner_missing",
        )
    return transition(
        dossier,
        KycDossier.Status.SUBMITTED,
        actor=actor,
        fields={"submitted_by": _person(actor), "submitted_at": timezone.now()},
    )


def kyc_check(*, actor, dossier: KycDossier, approve: bool, note: str = "") -> KycDossier:
    """Staff check a submitted dossier. Approval releases the buyer's held payments."""
    from kivoucher.presale.services import staff_act_check

    staff_act_check(actor)
    note = (note or "").strip()
    if not approve and not note:
        raise DomainError(_("Say why the dossier is not approved."), code="note_missing")
    with transaction.atomic():
        dossier = transition(
            dossier,
            KycDossier.Status.APPROVED if approve else KycDossier.Status.REJECTED,
            actor=actor,
            reason=note[:1000],
            fields={
                "checked_by": _person(actor),
                "checked_at": timezone.now(),
                "check_note": note[:1000],
            },
        )
        if approve:
            held_payments_release(actor=actor, organisation_id=dossier.organisation_id)
        return dossier


def payment_hold(*, actor, purchase: Purchase, entry) -> Purchase:
    """A statement's exact payment for a purchase whose buyer is not KYC-approved:
    kept on the purchase, nothing booked (idempotent by the statement entry)."""
    with transaction.atomic():
        purchase = Purchase.objects.select_for_update().get(pk=purchase.pk)
        if purchase.payment_held:
            return purchase
        held = {
            "amount": str(entry.amount),
            "bank_reference": entry.bank_reference or "",
            "entry_id": getattr(entry, "entry_id", "") or "",
            "booked_on": str(getattr(entry, "booking_date", "") or ""),
            "debtor": getattr(entry, "debtor_name", "") or "",
            "held_at": timezone.now().isoformat(),
            "note": HELD_NOTE,
        }
        purchase.payment_held = held
        purchase.save(update_fields=["payment_held"])
        audit_record(
            actor=actor,
            action="presale.purchase.payment_held",
            obj=purchase,
            reason="KYC outstanding",
            data={"amount": held["amount"], "bank_reference": held["bank_reference"]},
        )
        return purchase


def held_payments_release(*, actor, organisation_id: int) -> list[Purchase]:
    """Confirm the held payments of an approved buyer, in the order they were held.
    A purchase that can no longer be confirmed (the pre-sale closed) keeps its hold
    for staff, who refund it (`held_payment_refund`)."""
    from kivoucher.presale.services import purchase_confirm_payment

    confirmed = []
    held = Purchase.objects.filter(
        buyer_id=organisation_id, status=Purchase.Status.PENDING
    ).exclude(payment_held={})
    for purchase in sorted(held, key=lambda p: (p.payment_held.get("held_at", ""), p.pk)):
        data = purchase.payment_held
        try:
            with transaction.atomic():
                purchase = purchase_confirm_payment(
                    actor=actor,
                    purchase=purchase,
                    amount=data.get("amount"),
                    source="camt.053 (held until KYC)",
                    bank_reference=data.get("bank_reference", ""),
                )
                Purchase.objects.filter(pk=purchase.pk).update(payment_held={})
        except Conflict:
            continue
        confirmed.append(purchase)
    return confirmed


def held_payment_refund(*, actor, purchase: Purchase, reason: str) -> Purchase:
    """Give a held payment back (the order revoked, or the pre-sale failed): the money
    the bank received is booked and paid back by SEPA; the order is cancelled. The
    caller holds the purchase's lock."""
    from kivoucher.payments.services import payout_create
    from kivoucher.presale.services import payments_in_account, purchase_account

    amount = purchase.payment_held["amount"]
    transfer_create(
        key=f"presale:purchase:{purchase.pk}:held",
        source=payments_in_account(),
        destination=purchase_account(purchase),
        amount=amount,
        kind="presale_payment_held",
        memo=purchase.reference,
    )
    payout = payout_create(
        actor="system:presale-held-refund",
        key=f"presale-held-refund-{purchase.pk}",
        origin=f"presale:purchase:{purchase.pk}",
        beneficiary=purchase.buyer,
        amount=amount,
        source_account=purchase_account(purchase),
        remittance=f"Erstattung {purchase.reference} {purchase.offer.code}",
    )
    fields = {"payment_held": {**purchase.payment_held, "refunded": payout.end_to_end_id}}
    if reason == "revoked":
        fields["revoked_at"] = timezone.now()
    return transition(
        purchase,
        Purchase.Status.CANCELLED,
        actor=actor,
        reason=reason,
        data={"payout": payout.end_to_end_id, "held_payment_refunded": amount},
        fields=fields,
        locked=True,
    )
