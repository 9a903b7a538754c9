"""The recovery pages as staff and the company use them."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kivoucher.core.roles import Role
from kivoucher.recovery.models import RecoveryCase
from tests.factories import OrganisationFactory
from tests.recovery.factories import approved_voucher, base_rates_until_today, recovery_case_of

pytestmark = pytest.mark.django_db


def test_start_hear_answer_and_decide_on_the_pages(client_for):
    base_rates_until_today()
    world, voucher = approved_voucher()
    admin = client_for(world.admin)
    form = admin.get(f"/recovery/new/?origin={voucher.payout_origin}")
    assert form.status_code == 200 and voucher.payout_origin in form.content.decode()
    started = admin.post(
        "/recovery/new/",
        {
            "origin": voucher.payout_origin,
            "amount": "2500,00",
            "reason": "Projekt abgebrochen",
            "ineffective_on": (timezone.localdate() - timedelta(days=20)).isoformat(),
        },
    )
    case = RecoveryCase.objects.get()
    assert started.status_code == 302 and started["Location"] == f"/recovery/{case.pk}/"
    assert case.amount == Decimal("2500.00")
    admin.post(f"/recovery/{case.pk}/hearing/", {})
    company = client_for(world.applicant)
    page = company.get(f"/recovery/{case.pk}/").content.decode()
    assert 'name="answer"' in page
    company.post(f"/recovery/{case.pk}/answer/", {"answer": "Wir bitten um Nachsicht."})
    client_for(world.approver).post(
        f"/recovery/{case.pk}/decide/", {"recover": "1", "reason": "Zweck verfehlt"}
    )
    case.refresh_from_db()
    assert case.status == RecoveryCase.Status.DECIDED
    assert case.answer == "Wir bitten um Nachsicht."
    listing = client_for(world.caseworker).get("/recovery/").content.decode()
    assert case.receivable.reference in listing


def test_the_voucher_page_offers_programme_admins_to_start_a_recovery(client_for):
    world, voucher = approved_voucher()
    link = f"/recovery/new/?origin=voucher:{voucher.code}"
    assert link in client_for(world.admin).get(f"/vouchers/{voucher.code}/").content.decode()
    assert (
        link not in client_for(world.caseworker).get(f"/vouchers/{voucher.code}/").content.decode()
    )


def test_the_list_page_needs_the_same_queries_for_one_and_for_many_cases(client_for):
    from tests.factories import UserFactory

    staff = client_for(UserFactory(role=Role.CASEWORKER))
    recovery_case_of(OrganisationFactory())
    staff.get("/recovery/")
    with CaptureQueriesContext(connection) as one:
        assert staff.get("/recovery/").status_code == 200
    for _ in range(3):
        recovery_case_of(OrganisationFactory())
    with CaptureQueriesContext(connection) as many:
        staff.get("/recovery/")
    assert len(many) == len(one)
