"""Payouts and changes of bank details owned by an organisation (for the authorisation
matrix and the payments tests). Idempotent: the same organisation gets the same object."""

from decimal import Decimal

from kivoucher.core.roles import Role
from kivoucher.ledger.services import account_get_or_create, transfer_create
from kivoucher.payments.models import BankDetailsChange, Payout
from kivoucher.payments.services import bank_details_change, payout_create
from tests.factories import UserFactory


def payout_of(org) -> Payout:
    world = account_get_or_create(code="world", name="World", floor=None)
    grants = account_get_or_create(code="grants", name="Grants")
    transfer_create(
        key=f"fund-payout-{org.pk}",
        source=world,
        destination=grants,
        amount=Decimal("10"),
        kind="fund",
    )
    return payout_create(
        actor=None,
        key=f"sample-{org.pk}",
        origin=f"sample:{org.pk}",
        beneficiary=org,
        amount=Decimal("10"),
        source_account=grants,
        remittance="Sample",
        iban="DE89370400440532013000",
    )


def bank_details_change_of(org) -> BankDetailsChange:
    """A change of `org`'s bank details that a caseworker asked for (pending until
    someone decides it)."""
    existing = BankDetailsChange.objects.filter(organisation=org).first()
    if existing:
        return existing
    return bank_details_change(
        actor=UserFactory(role=Role.CASEWORKER),
        organisation=org,
        new={"iban": "DE02120300000000202051", "bic": "BYLADEM1001", "account_holder": ""},
    )


def payouts_release_all(approver=None) -> list[Payout]:
    """Release every prepared payout by an approver who prepared none of them (the
    second person of the four eyes), for tests that go on to export a batch."""
    from kivoucher.payments.services import payout_release

    approver = approver or UserFactory(role=Role.APPROVER)
    return [
        payout_release(actor=approver, payout=payout)
        for payout in Payout.objects.filter(status=Payout.Status.PREPARED).order_by("pk")
    ]


def batch_of(org):
    """An exported SEPA batch holding `org`'s sample payout (released by an approver)."""
    from kivoucher.payments.services import payout_release, sepa_batch_create

    payout = payout_of(org)
    if payout.batch_id:
        return payout.batch
    if payout.status == Payout.Status.PREPARED:
        payout = payout_release(actor=UserFactory(role=Role.APPROVER), payout=payout)
    return sepa_batch_create(actor=None) or Payout.objects.get(pk=payout.pk).batch
