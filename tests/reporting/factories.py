"""Hand-computable reporting fixtures: calls with commitments, releases and payouts
through the ledger services, and grants in the grant register."""

from datetime import date
from decimal import Decimal

from kivoucher.ledger.services import transfer_create
from kivoucher.payments.services import payout_create
from kivoucher.programmes.deminimis import aid_award_record
from kivoucher.programmes.services import call_budget_account, call_committed_account
from tests.factories import OrganisationFactory


def commit(call, amount, key):
    return transfer_create(
        key=f"test-commit:{key}",
        source=call_budget_account(call),
        destination=call_committed_account(call),
        amount=Decimal(amount),
        kind="commitment",
    )


def release(call, amount, key):
    return transfer_create(
        key=f"test-release:{key}",
        source=call_committed_account(call),
        destination=call_budget_account(call),
        amount=Decimal(amount),
        kind="release",
    )


def pay(call, amount, key, beneficiary=None):
    return payout_create(
        actor=None,
        key=f"test-pay:{key}",
        origin=f"project:{key}",
        beneficiary=beneficiary or OrganisationFactory(),
        amount=Decimal(amount),
        source_account=call_committed_account(call),
        remittance=f"Test {key}",
    )


def grant(programme, organisation, amount, key, granted_on=None):
    return aid_award_record(
        actor=None,
        programme=programme,
        organisation=organisation,
        reference=f"application:{key}",
        amount=Decimal(amount),
        granted_on=granted_on or date(2026, 3, 1),
    )


def company(state="BY", employees=40, turnover="5000000", balance="3000000", sector="C28"):
    return OrganisationFactory(
        federal_state=state,
        employees=employees,
        annual_turnover=Decimal(turnover),
        balance_sheet_total=Decimal(balance),
        sector=sector,
    )


def payment_run():
    """Release every prepared payout (a second person), export them in a SEPA batch and
    mark the batch paid (the bank ran it); returns the batch."""
    from kivoucher.payments.services import sepa_batch_create, sepa_batch_mark_paid
    from tests.payments.factories import payouts_release_all

    payouts_release_all()
    batch = sepa_batch_create(actor=None)
    return sepa_batch_mark_paid(actor=None, batch=batch)
