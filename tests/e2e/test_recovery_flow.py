"""A recovery (Rückforderung) end to end over HTTP, every exchange checked against the
OpenAPI document: started by a programme admin, the company heard, decided by a second
person with interest, partly repaid from a bank statement, objected to and the
objection decided; the letters and pages as the company sees them."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from kivoucher.core.roles import Role
from kivoucher.payments.incoming import IncomingEntry
from kivoucher.recovery.incoming import receivable_repayment
from tests.e2e.openapi_check import CheckedApi
from tests.factories import UserFactory
from tests.recovery.factories import approved_voucher, base_rates_until_today, pay_out

pytestmark = pytest.mark.django_db


def test_recovery_over_http(api_client_for, client_for):
    base_rates_until_today()
    world, voucher = approved_voucher()
    pay_out(world.call, Decimal("12000.00"), key="e2e-payout")
    admin = CheckedApi(api_client_for(world.admin))
    approver = CheckedApi(api_client_for(world.approver))
    company = CheckedApi(api_client_for(world.applicant))
    ineffective = (timezone.localdate() - timedelta(days=60)).isoformat()

    # a company cannot start a recovery; a programme admin can
    body = {
        "origin": voucher.payout_origin,
        "reason": "Projekt abgebrochen",
        "amount": "6000.00",
        "ineffective_on": ineffective,
    }
    assert company.post("/api/v1/recovery/cases", body).status_code == 403
    started = admin.post("/api/v1/recovery/cases", body)
    assert started.status_code == 201
    case = started.json()
    assert case["status"] == "started" and case["amount"] == "6000.00"
    url = f"/api/v1/recovery/cases/{case['id']}"

    heard = admin.post(f"{url}/hearing", {})
    assert heard.json()["status"] == "hearing"
    assert (
        heard.json()["hearing_deadline"] == (timezone.localdate() + timedelta(weeks=4)).isoformat()
    )
    answered = company.post(
        f"{url}/answer", {"answer": "Der Abbruch war nicht von uns zu vertreten."}
    )
    assert answered.json()["status"] == "answered"

    decision = {"recover": True, "reason": "Zweck nicht erreicht."}
    refused = admin.post(f"{url}/decide", decision)
    assert refused.status_code == 403 and refused.json()["code"] == "four_eyes"
    decided = approver.post(f"{url}/decide", decision).json()
    assert decided["status"] == "decided"
    interest = Decimal(decided["interest"])
    assert interest > 0
    assert sum(line["days"] for line in decided["interest_detail"]["lines"]) == 60
    receivable = decided["receivable"]
    assert receivable["reference"] == f"KIV-RF-{receivable['id']}"
    assert Decimal(receivable["outstanding"]) == Decimal("6000.00") + interest

    # the company pays part of it; the bank statement import hands the entry over
    entry = IncomingEntry(
        reference=receivable["reference"],
        amount=Decimal("1000.00"),
        booked_on=timezone.localdate(),
        entry_id="camt-e2e:1",
    )
    assert receivable_repayment(entry) == "matched"
    listed = company.get("/api/v1/recovery/receivables").json()
    assert [r["amount_repaid"] for r in listed] == ["1000.00"]
    assert listed[0]["status"] == "open"

    # an objection within the month, decided by someone who took no part so far
    objected = company.post(
        f"{url}/objection", {"reason": "Wir halten die Rückforderung für falsch."}
    )
    assert objected.status_code == 201
    assert objected.json()["objection"]["status"] == "filed"
    again = company.post(f"{url}/objection", {"reason": "noch einmal"})
    assert again.status_code == 409
    assert (
        approver.post(f"{url}/objection/decide", {"outcome": "rejected", "reason": "x"}).status_code
        == 403
    )
    other = CheckedApi(api_client_for(UserFactory(role=Role.APPROVER)))
    final = other.post(f"{url}/objection/decide", {"outcome": "rejected", "reason": "Unbegründet."})
    assert final.json()["objection"]["status"] == "rejected"
    assert final.json()["status"] == "decided"

    # the company sees its case and both letters; a stranger does not
    assert company.get(url).status_code == 200
    page = client_for(world.applicant).get(f"/recovery/{case['id']}/")
    assert page.status_code == 200 and receivable["reference"] in page.content.decode()
    for letter in ("hearing.pdf", "decision.pdf"):
        pdf = client_for(world.applicant).get(f"/recovery/{case['id']}/{letter}")
        assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    stranger = CheckedApi(api_client_for(UserFactory(role=Role.APPLICANT)))
    assert stranger.get(url).status_code == 404
    assert stranger.get("/api/v1/recovery/cases").json() == []
