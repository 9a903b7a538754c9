"""One definition of the money figures (issue 21.22): a line I voucher and a line II
voucher are followed from issue to paid; after each step the dashboard, its CSV export,
the calls page, `GET /api/v1/programmes/calls` and the public statistics show the same
figures per call, and these equal the ledger's own balances."""

import csv
import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from kivoucher.compute.services.ingest import usage_ingest
from kivoucher.compute.services.onboarding import payable_account
from kivoucher.compute.services.settlement import statement_approve, statement_create
from kivoucher.compute.services.settlement_invoices import settlement_invoice_submit
from kivoucher.core.roles import Role
from kivoucher.ledger.models import Account
from kivoucher.ledger.selectors import account_balance
from kivoucher.payments.models import Payout
from kivoucher.payments.services import sepa_batch_create, sepa_batch_mark_paid
from kivoucher.programmes.models import Line
from kivoucher.projects.services import proof_check
from kivoucher.reporting.dashboard import dashboard_build
from kivoucher.reporting.filters import ReportFilter
from tests.applications.factories import make_world
from tests.compute.factories import (
    compute_call,
    issue,
    make_data_centre,
    operator_of,
    statement_xrechnung,
)
from tests.factories import UserFactory
from tests.payments.factories import payouts_release_all
from tests.projects.test_services import _proof

pytestmark = pytest.mark.django_db
D = Decimal
FIGURES = ("total", "available", "committed", "paid")


def _balance(code: str) -> Decimal:
    account = Account.objects.filter(code=code).first()
    return account_balance(account=account) if account else D("0.00")


def _open_payouts(source_code: str) -> Decimal:
    open_ = Payout.objects.filter(source_account=source_code, status__in=Payout.OPEN)
    return sum((p.amount for p in open_), D("0.00"))


def _paid_payouts(source_code: str) -> Decimal:
    paid = Payout.objects.filter(source_account=source_code, status=Payout.Status.PAID)
    return sum((p.amount for p in paid), D("0.00"))


class Sources:
    """Every place the figures are shown, read the way a user reads them."""

    def __init__(self, client, staff, project_call, compute, voucher):
        self.client, self.staff = client, staff
        self.calls = {"project": project_call, "compute": compute}
        self.voucher = voucher

    def dashboard(self) -> dict:
        outcome = next(
            o for o in dashboard_build(report_filter=ReportFilter()) if o.key == "budget"
        )
        table = next(t for t in outcome.result.all_tables() if t.key == "budget-by-call")
        rows = {r["call"]: r for r in table.as_dicts()}
        return {line: {k: rows[c.name][k] for k in FIGURES} for line, c in self.calls.items()}

    def export(self) -> dict:
        text = self.staff.get("/reporting/export/budget-by-call.csv").text
        rows = {r["call"]: r for r in csv.DictReader(io.StringIO(text))}
        return {line: {k: D(rows[c.name][k]) for k in FIGURES} for line, c in self.calls.items()}

    def calls_page(self) -> dict:
        response = self.client.get("/calls/")
        assert response.status_code == 200
        rows = {row["call"].pk: row for row in response.context["rows"]}
        html = response.content.decode()
        for row in rows.values():  # the paid column is on the page
            assert (
                f"{row['paid']:,.2f}".replace(",", "X").replace(".", ",").replace("X", ".") in html
            )
        return {line: {k: rows[c.pk][k] for k in FIGURES} for line, c in self.calls.items()}

    def api(self) -> dict:
        rows = {r["id"]: r for r in self.client.get("/api/v1/programmes/calls").json()}
        return {line: {k: D(rows[c.pk][k]) for k in FIGURES} for line, c in self.calls.items()}

    def public(self) -> dict:
        data = self.client.get("/api/v1/public/statistics").json()
        table = next(t for t in data["tables"] if t["key"] == "budget")
        lines = dict(Line.choices)
        rows = {r["line"]: r for r in table["rows"]}
        return {
            line: {k: D(rows[str(lines[c.programme.line])][k]) for k in FIGURES}
            for line, c in self.calls.items()
        }

    def ledger(self) -> dict:
        """The figures from the ledger's balances and the payouts' states alone."""
        project, compute = self.calls["project"], self.calls["compute"]
        payable = payable_account(self.voucher.data_centre).code
        self.voucher.account.refresh_from_db()
        return {
            "project": {
                "total": project.budget,
                "available": _balance(project.budget_account_code),
                "committed": _balance(project.committed_account_code)
                + _open_payouts(project.committed_account_code),
                "paid": _paid_payouts(project.committed_account_code),
            },
            "compute": {
                "total": compute.budget,
                "available": _balance(compute.budget_account_code),
                "committed": self.voucher.account.balance
                + _balance(payable)
                + _open_payouts(payable),
                "paid": _paid_payouts(payable),
            },
        }

    def check(self, expected: dict) -> None:
        ledger = self.ledger()
        assert ledger == expected
        for name in ("dashboard", "export", "calls_page", "api", "public"):
            assert getattr(self, name)() == expected, name
        # the bank received exactly what the figures call paid
        paid = sum((v["paid"] for v in expected.values()), D("0.00"))
        assert _balance("payments:bank") == paid
        # and the payouts section shows the same paid amount
        outcome = next(
            o for o in dashboard_build(report_filter=ReportFilter()) if o.key == "payouts"
        )
        by_status = next(t for t in outcome.result.all_tables() if t.key == "payouts-by-status")
        shown = {r["status"]: r["amount"] for r in by_status.as_dicts()}
        assert shown.get(str(Payout.Status.PAID.label), D("0.00")) == paid


def _figures(total, available, committed, paid) -> dict:
    return dict(zip(FIGURES, (D(total), D(available), D(committed), D(paid)), strict=True))


def test_a_voucher_of_each_line_from_issue_to_paid_shows_the_same_figures_everywhere(
    client, client_for, user_factory
):
    world = make_world(budget=D("200000"))  # line I: 32,000 per approval
    call2 = compute_call(budget=D("100000"))
    dc = make_data_centre("dc-figures")
    staff = client_for(user_factory(role=Role.PROGRAMME_ADMIN))
    voucher = issue(dc, call=call2, value=D("1000"))
    app = world.approved()
    sources = Sources(client, staff, world.call, call2, voucher)
    project = _figures("200000.00", "168000.00", "32000.00", "0.00")
    compute = _figures("100000.00", "99000.00", "1000.00", "0.00")
    sources.check({"project": project, "compute": compute})

    # line I: proof of use accepted, a payout of 16,000 queued, 16,000 released
    proof_check(actor=world.caseworker, proof=_proof(world, app.voucher), accept=True)
    project = _figures("200000.00", "184000.00", "16000.00", "0.00")
    sources.check({"project": project, "compute": compute})

    # line II: usage of 10.00 moves to the data centre's payable account: still committed
    end = timezone.now().replace(microsecond=0) - timedelta(days=3)
    usage_ingest(
        data_centre=dc,
        records=[
            {
                "id": "u1",
                "voucher": voucher.code,
                "resource": "h100-80gb",
                "quantity": "4",
                "start": (end - timedelta(hours=4)).isoformat(),
                "end": end.isoformat(),
            }
        ],
    )
    sources.check({"project": project, "compute": compute})

    # line II: the statement is approved and invoiced by the data centre, its payout queued
    statement = statement_create(
        actor=UserFactory(role=Role.CASEWORKER),
        data_centre=dc,
        period_start=timezone.localtime(end).date(),
        period_end=timezone.localtime(end).date(),
    )
    statement_approve(actor=UserFactory(role=Role.APPROVER), statement=statement)
    statement.refresh_from_db()
    sources.check({"project": project, "compute": compute})
    settlement_invoice_submit(
        actor=operator_of(dc), statement=statement, xml=statement_xrechnung(statement)
    )
    assert Payout.objects.filter(status=Payout.Status.PREPARED).count() == 2
    sources.check({"project": project, "compute": compute})

    # both payouts released by a second person and exported in a SEPA batch: not paid yet
    payouts_release_all()
    sources.check({"project": project, "compute": compute})
    batch = sepa_batch_create(actor=world.admin)
    assert batch.count == 2
    sources.check({"project": project, "compute": compute})

    # the bank executed the batch: paid
    sepa_batch_mark_paid(actor=world.admin, batch=batch)
    project = _figures("200000.00", "184000.00", "0.00", "16000.00")
    compute = _figures("100000.00", "99000.00", "990.00", "10.00")
    sources.check({"project": project, "compute": compute})
