"""Property: whatever records arrive, in whatever batches, the money adds up."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kivoucher.compute.models import UsageRecord
from kivoucher.compute.services.ingest import usage_ingest
from kivoucher.ledger.models import Account, Transfer
from kivoucher.ledger.selectors import ledger_total_balance
from tests.compute.factories import issue, make_data_centre

END = timezone.now().replace(microsecond=0) - timedelta(hours=1)

usage = st.fixed_dictionaries(
    {
        "id": st.integers(0, 15).map(lambda i: f"r{i}"),
        "quantity": st.decimals(min_value=-1, max_value=30, places=2).map(str),
        "resource": st.sampled_from(["h100-80gb", "cpu", "tpu"]),
    }
)
reversal = st.integers(0, 15).map(lambda i: {"id": f"rev{i}", "reverses": f"r{i}"})
batches = st.lists(st.lists(st.one_of(usage, usage, reversal), max_size=8), max_size=5)


@pytest.mark.django_db
@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(batches=batches)
def test_money_adds_up(batches):
    dc = make_data_centre(f"prop-{UsageRecord.objects.count()}-{Account.objects.count()}")
    voucher = issue(dc, value=Decimal("100.00"))
    for batch in batches:
        records = []
        for item in batch:
            if "reverses" in item:
                records.append(item)
            else:
                records.append(
                    {
                        **item,
                        "voucher": voucher.code,
                        "start": (END - timedelta(hours=1)).isoformat(),
                        "end": END.isoformat(),
                    }
                )
        outcome = usage_ingest(data_centre=dc, records=records)
        assert len(outcome.results) == len(records)
        for result in outcome.results:
            if result.status != "accepted":
                assert result.charged == 0 and result.uncovered == 0
    account = Account.objects.get(pk=voucher.account_id)
    assert Decimal("0") <= account.balance <= Decimal("100.00")
    credits = Transfer.objects.filter(destination=account).values_list("amount", flat=True)
    debits = Transfer.objects.filter(source=account).values_list("amount", flat=True)
    assert account.balance == sum(credits) - sum(debits)
    rows = list(UsageRecord.objects.filter(voucher=voucher))
    assert sum((r.charged for r in rows), Decimal(0)) == Decimal("100.00") - account.balance
    assert all(r.charged + r.uncovered == r.amount for r in rows)
    assert all(r.charged >= 0 for r in rows if r.reverses_id is None)
    # the payable account's credits may still be pending: they count
    assert ledger_total_balance() == 0
