"""A line I voucher that was paid out, and recovery cases about it, for the recovery
tests and the authorisation matrix."""

from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from kivoucher.core.roles import Role
from kivoucher.ledger.selectors import PAID_SUFFIX, PAYOUT, PAYOUT_PAID
from kivoucher.ledger.services import transfer_create
from kivoucher.payments.services import bank_account, outgoing_account
from kivoucher.programmes.services import call_committed_account
from kivoucher.recovery.models import BaseRate, RecoveryCase
from tests.factories import UserFactory

# Test data, not published values: the half-years after the seeded table, so that a
# case decided today has a base rate for every half-year (the seed stops where the
# sources stopped).
TEST_RATE = Decimal("1.27")


def base_rates_until_today() -> None:
    today = timezone.localdate()
    day = date(2024, 7, 1)
    while day <= today:
        BaseRate.objects.get_or_create(
            valid_from=day, defaults={"rate": TEST_RATE, "source": "test data"}
        )
        day = date(day.year, 7, 1) if day.month == 1 else date(day.year + 1, 1, 1)


def pay_out(call, amount: Decimal, key: str) -> None:
    """The ledger's trace of a payout of the call's committed money that the bank
    executed (the transfers `kivoucher.payments` makes)."""
    transfer_create(
        key=key,
        source=call_committed_account(call),
        destination=outgoing_account(),
        amount=amount,
        kind=PAYOUT,
    )
    transfer_create(
        key=key + PAID_SUFFIX,
        source=outgoing_account(),
        destination=bank_account(),
        amount=amount,
        kind=PAYOUT_PAID,
    )


def approved_voucher(world=None):
    """(world, voucher) of a line I grant approved for `world.company`."""
    from tests.applications.factories import make_world

    world = world or make_world()
    app = world.approved()
    return world, app.voucher


def recovery_case_of(org) -> RecoveryCase:
    """A started recovery case about a grant of `org` (the matrix's sample; the grant
    itself is not needed to show or refuse the case)."""
    existing = RecoveryCase.objects.filter(organisation=org).first()
    if existing:
        return existing
    return RecoveryCase.objects.create(
        organisation=org,
        origin=f"voucher:TEST-{org.pk}",
        origin_label=f"KI-Voucher TEST-{org.pk}",
        granted=Decimal("10000.00"),
        amount=Decimal("1000.00"),
        reason="Projekt nicht durchgeführt.",
        ineffective_on=timezone.localdate() - timedelta(days=10),
        started_by=UserFactory(role=Role.PROGRAMME_ADMIN),
    )
