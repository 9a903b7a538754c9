"""The generated Python client (clients/python, `make client`) against the live server.

A data centre's operator uses only `kivoucher_client` for the usage API of DESIGN §6:
the price list, the vouchers redeemable there, one voucher, a batch of usage records
(accepted; the same again: duplicate; an unknown voucher: rejected with a reason)
and the balance afterwards. Every id comes from the API's own answers. An unknown
voucher is a 404 whose body the client parses into the typed error model.
"""

import importlib
import pkgutil
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import kivoucher_client
import pytest
from kivoucher_client import AuthenticatedClient
from kivoucher_client.api.compute import (
    kivoucher_compute_api_prices as prices_api,
)
from kivoucher_client.api.compute import (
    kivoucher_compute_api_usage as usage_api,
)
from kivoucher_client.api.compute import (
    kivoucher_compute_api_voucher as voucher_api,
)
from kivoucher_client.api.compute import (
    kivoucher_compute_api_vouchers as vouchers_api,
)
from kivoucher_client.models import ApiError, ComputeVoucherOut, PriceOut, UsageIn, UsageOut

from kivoucher.core.tokens import api_token_create
from tests.compute.factories import issue, make_data_centre, operator_of


def test_every_module_of_the_client_imports():
    """The generator's output is code: each operation and model module loads."""
    names = [m.name for m in pkgutil.walk_packages(kivoucher_client.__path__, "kivoucher_client.")]
    for name in names:
        importlib.import_module(name)
    assert "kivoucher_client.api.compute.kivoucher_compute_api_usage" in names
    assert "kivoucher_client.models.api_error" in names


@pytest.fixture
def operator_client(live_server, transactional_db):
    """The generated client with a data-centre operator's bearer token; the data
    centre has a price list and one active voucher of 100.00 EUR."""
    dc = make_data_centre("dc-client")
    issue(dc, value=Decimal("100.00"))
    _token, key = api_token_create(user=operator_of(dc))
    with AuthenticatedClient(base_url=live_server.url, token=key, timeout=30) as client:
        yield client


def _record(rid: str, voucher: str, resource: str, quantity: str) -> dict:
    end = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=1)
    return {
        "id": rid,
        "voucher": voucher,
        "resource": resource,
        "quantity": quantity,
        "start": (end - timedelta(hours=1)).isoformat(),
        "end": end.isoformat(),
    }


def _post(client: AuthenticatedClient, records: list[dict]) -> UsageOut:
    answer = usage_api.sync_detailed(client=client, body=UsageIn(records=records))
    assert answer.status_code == 200, answer.content
    assert isinstance(answer.parsed, UsageOut)
    return answer.parsed


def test_usage_api_end_to_end_with_the_generated_client(operator_client):
    client = operator_client
    prices = prices_api.sync(client=client)
    assert prices and all(isinstance(p, PriceOut) for p in prices)
    price = next(p for p in prices if p.unit == "gpu_hour")

    vouchers = vouchers_api.sync(client=client)
    assert [type(v) for v in vouchers] == [ComputeVoucherOut]
    code = vouchers[0].code
    before = voucher_api.sync(code, client=client)
    assert isinstance(before, ComputeVoucherOut)
    assert (before.code, before.status) == (code, "active")
    assert Decimal(before.balance) == Decimal(before.value) == Decimal("100.00")

    records = [
        _record("job-1", code, price.resource, "4"),
        _record("job-2", "KCV-NONE-NONE", price.resource, "1"),
    ]
    accepted, rejected = _post(client, records).results
    charge = Decimal("4") * Decimal(price.price)
    assert (accepted.id, accepted.status, accepted.reason) == ("job-1", "accepted", None)
    assert Decimal(accepted.charged) == charge
    assert Decimal(accepted.uncovered) == 0
    assert (rejected.id, rejected.status, rejected.reason) == (
        "job-2",
        "rejected",
        "unknown_voucher",
    )
    assert Decimal(rejected.charged) == 0

    (again,) = _post(client, records[:1]).results
    assert (again.id, again.status) == ("job-1", "duplicate")
    assert Decimal(again.charged) == 0

    after = voucher_api.sync(code, client=client)
    assert Decimal(after.balance) == Decimal(before.balance) - charge


def test_unknown_voucher_is_a_typed_error(operator_client):
    answer = voucher_api.sync_detailed("KCV-NONE-NONE", client=operator_client)
    assert answer.status_code == 404
    assert isinstance(answer.parsed, ApiError)
    assert answer.parsed.code == "not_found"
    assert answer.parsed.message
