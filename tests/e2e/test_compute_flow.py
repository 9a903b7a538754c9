"""Line II end to end through HTTP: application, review, four-eyes approval, voucher,
usage through the API, settlement with CSV and SEPA payout, final report."""

import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone

from kivoucher.compute.models import (
    ComputeApplication,
    ComputeVoucher,
    FinalReport,
    SettlementStatement,
)
from kivoucher.core.roles import Role
from kivoucher.payments.models import Payout
from kivoucher.payments.services import sepa_batch_create
from kivoucher.programmes.models import AidAward
from tests.compute.factories import (
    compute_call,
    make_data_centre,
    operator_of,
    statement_xrechnung,
)
from tests.factories import OrganisationFactory, member_of
from tests.payments.factories import payouts_release_all

pytestmark = pytest.mark.django_db


def test_compute_voucher_from_application_to_final_report(
    client_for, api_client_for, user_factory, django_capture_on_commit_callbacks
):
    dc = make_data_centre("e2e-dc")
    compute_call()
    company = OrganisationFactory(name="Start-up KI GmbH", employees=12, vat_id="DE136695976")
    applicant = member_of(company)
    caseworker = user_factory(role=Role.CASEWORKER)
    approver = user_factory(role=Role.APPROVER)
    web = client_for(applicant)
    today = timezone.localdate()

    # 1. apply with one form
    form = {
        "employees": "12",
        "annual_turnover": "800000",
        "balance_sheet_total": "500000",
        "project_description": "Wir trainieren ein Sprachmodell für technische Dokumentation.",
        "gpu_type": "H100",
        "gpu_hours": "20000",
        "storage_tb": "5",
        "period_start": (today + timedelta(days=10)).isoformat(),
        "period_end": (today + timedelta(days=200)).isoformat(),
        "data_centre": dc.pk,
        "not_in_difficulty": "on",
    }
    response = web.post("/compute/apply/", form)
    assert response.status_code == 302, response.content.decode()[:2000]
    application = ComputeApplication.objects.get()
    assert application.status == "submitted" and application.eligibility["passed"]

    # 2. light review, then four eyes: the reviewer may not approve
    url = f"/compute/applications/{application.pk}/"
    staff = client_for(caseworker)
    staff.post(url, {"action": "review", "review-recommend": "1", "review-note": "passt"})
    application.refresh_from_db()
    assert application.status == "reviewed"
    admin_like = client_for(caseworker)
    # the reviewer is told why, with no form (and a 403 if they send one all the same)
    assert admin_like.post(url, {"action": "decision", "decision-approve": "1"}).status_code == 403
    application.refresh_from_db()
    assert application.status == "reviewed"
    assert (
        client_for(approver).post(url, {"action": "decision", "decision-approve": "1"}).status_code
        == 302
    )
    voucher = ComputeVoucher.objects.get(organisation=company)
    assert voucher.value == Decimal("50000.00") and voucher.data_centre == dc
    assert AidAward.objects.filter(organisation=company, amount=Decimal("50000.00")).exists()

    # a second application of the same company (same VAT ID, other row) needs an exception
    twin = OrganisationFactory(name="Start-up KI GmbH (neu)", vat_id="DE136695976")
    second = client_for(member_of(twin)).post("/compute/apply/", {**form, "data_centre": dc.pk})
    assert second.status_code == 200
    assert (
        "justified exception" in second.content.decode() or "begründet" in second.content.decode()
    )

    # 3. usage through the API and the 100 % notice (one batch uses the voucher up: the
    # 80 % notice is not sent as well)
    api = api_client_for(operator_of(dc))
    end = timezone.now().replace(microsecond=0) - timedelta(days=2)
    # usage of two days ago needs a voucher issued before it (usage before the issue is refused)
    ComputeVoucher.objects.filter(pk=voucher.pk).update(issued_at=end - timedelta(days=1))
    records = [
        {
            "id": f"job-{i}",
            "voucher": voucher.code,
            "resource": "h100-80gb",
            "quantity": "5000",  # 12,500 EUR each
            "start": (end - timedelta(hours=10)).isoformat(),
            "end": end.isoformat(),
        }
        for i in range(5)
    ]
    with django_capture_on_commit_callbacks(execute=True):
        results = api.post(
            "/api/v1/compute/usage", {"records": records}, content_type="application/json"
        ).json()["results"]
    assert [r["charged"] for r in results] == ["12500.00"] * 4 + ["0.00"]
    assert results[4]["uncovered"] == "12500.00"
    voucher.refresh_from_db()
    assert voucher.status == "exhausted"
    assert any(" 100 %" in m.subject for m in mail.outbox)
    assert not any(" 80 %" in m.subject for m in mail.outbox)

    # 4. the company sees balance, chart and records
    page = web.get(f"/compute/vouchers/{voucher.code}/").content.decode()
    assert "<svg" in page and "job-3" in page and "<table" in page

    # 5. settlement: statement, CSV, approval by a second staff member, the data centre's
    # XRechnung on the statement page (the payout is prepared from it), SEPA
    period = timezone.localtime(end).date()
    response = staff.post(
        f"/compute/data-centres/{dc.code}/",
        {"statement-period_start": period.isoformat(), "statement-period_end": period.isoformat()},
    )
    assert response.status_code == 302
    statement_url = response["Location"]
    csv_text = b"".join(client_for(operator_of(dc)).get(statement_url + "csv/").streaming_content)
    assert csv_text.decode().count("\n") == 1 + 5  # header and every record
    assert staff.post(statement_url + "approve/").status_code == 403  # creator may not approve
    assert client_for(approver).post(statement_url + "approve/").status_code == 302
    assert not Payout.objects.filter(origin__startswith="compute-statement:").exists()
    statement = SettlementStatement.objects.get(data_centre=dc)
    invoice = io.BytesIO(statement_xrechnung(statement))
    invoice.name = "rechnung.xml"
    dc_web = client_for(operator_of(dc))
    assert dc_web.post(statement_url, {"invoice": invoice}).status_code == 302
    payout = Payout.objects.get(origin__startswith="compute-statement:")
    assert payout.amount == Decimal("50000.00") and payout.beneficiary == dc.organisation
    # the approver of the statement prepared the payout: a second approver releases it
    assert (
        api_client_for(approver)
        .post(f"/api/v1/payments/payouts/{payout.pk}/release")
        .json()["code"]
        == "four_eyes"
    )
    payouts_release_all()
    batch = sepa_batch_create(actor=approver)
    assert batch is not None and payout.end_to_end_id in batch.xml

    # 6. final report, pre-filled with the metered usage
    report = FinalReport.objects.get(voucher=voucher)
    assert report.usage_summary["resources"][0]["resource"] == "h100-80gb"
    response = web.post(
        f"/compute/reports/{report.pk}/",
        {"text": "Das Modell ist trainiert und läuft im Pilotbetrieb bei zwei Kunden."},
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == "submitted"
