from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from kivoucher.core.errors import DomainError
from kivoucher.core.roles import Role
from kivoucher.ledger.models import Account
from kivoucher.programmes.models import Call
from kivoucher.programmes.selectors import call_budget_figures
from tests.factories import ProgrammeFactory, make_call

pytestmark = pytest.mark.django_db


def test_call_budget_is_funded_through_the_ledger():
    call = make_call(budget=Decimal("250000.00"))
    assert call_budget_figures(call=call) == {
        "call": call,
        "budget": Decimal("250000.00"),
        "total": Decimal("250000.00"),
        "available": Decimal("250000.00"),
        "committed": Decimal("0.00"),
        "paid": Decimal("0.00"),
    }
    appropriation = Account.objects.get(code="programme:ki-voucher:appropriation")
    assert appropriation.balance == Decimal("-250000.00")


@pytest.mark.parametrize("budget", ["-1", "1.001", "abc", 1.5])
def test_bad_budgets_are_refused(budget):
    with pytest.raises(DomainError):
        make_call(budget=budget)
    assert not Call.objects.exists()


def test_call_window_must_be_ordered():
    from kivoucher.programmes.services import call_create

    now = timezone.now()
    with pytest.raises(DomainError):
        call_create(
            actor=None,
            programme=ProgrammeFactory(),
            name="x",
            opens_at=now,
            closes_at=now - timedelta(days=1),
            budget=Decimal("1"),
        )


def test_admin_creates_calls_through_the_service(client_for, user_factory):
    admin = user_factory(role=Role.PROGRAMME_ADMIN, is_staff=True, is_superuser=True)
    programme = ProgrammeFactory()
    response = client_for(admin).post(
        "/admin/programmes/call/add/",
        {
            "programme": programme.pk,
            "name": "Admin-Aufruf",
            "opens_at_0": "2026-12-01",
            "opens_at_1": "00:00:00",
            "closes_at_0": "2027-01-31",
            "closes_at_1": "00:00:00",
            "budget": "1000.00",
            "selection": "lottery",
        },
    )
    assert response.status_code == 302, response.content[:2000]
    call = Call.objects.get(name="Admin-Aufruf")
    assert call_budget_figures(call=call)["available"] == Decimal("1000.00")


def test_public_api_lists_calls_with_budgets(client):
    make_call(budget=Decimal("500"))
    body = client.get("/api/v1/programmes/calls").json()
    assert body[0]["available"] == "500.00"


def test_calls_page_and_api_show_what_was_paid(client):
    from tests.reporting.factories import commit, pay, payment_run

    call = make_call(budget=Decimal("1000.00"))
    commit(call, "400.00", "c")
    pay(call, "150.00", "c")
    payment_run()
    page = client.get("/calls/")
    assert '<th scope="col" class="num">Ausgezahlt</th>' in page.content.decode()
    assert "150,00 €" in page.content.decode()
    body = client.get("/api/v1/programmes/calls").json()[0]
    assert (body["budget"], body["committed"], body["paid"], body["available"]) == (
        "1000.00",
        "250.00",
        "150.00",
        "600.00",
    )
    schema = client.get("/api/openapi.json").json()["components"]["schemas"]["CallOut"]
    assert "bank" in schema["properties"]["paid"]["description"]
