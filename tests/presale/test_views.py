"""Pages of line III on the demo data: public, buyer, staff; foreign objects are 404."""

import pytest
from django.test import Client

from kivoucher.core.management.commands.demo import load_demo
from kivoucher.presale.models import Purchase, Slot

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    return load_demo()


def test_public_pages_show_progress_with_an_accessible_chart(demo):
    client = Client()
    page = client.get("/presale/")
    assert page.status_code == 200 and "KI-Rechenzentrum Leipzig" in page.content.decode()
    page = client.get("/presale/ki-rz-leipzig/").content.decode()
    assert 'role="img"' in page and "<title" in page and "<desc" in page and "<caption>" in page
    assert 'role="progressbar"' in page
    assert client.get("/presale/unknown/").status_code == 404
    assert client.get("/presale/my/").status_code == 302  # sign in first


def test_buyer_sees_own_purchases_sequence_hours_and_slots(demo, client_for):
    client = client_for(demo["buyer"])
    page = client.get("/presale/my/")
    assert page.status_code == 200
    rows = page.context["rows"]
    assert rows and all(p.buyer_id == demo["org_buyer"].pk for p, _left in rows)
    assert any(p.sequence for p, _left in rows)
    assert any(s.purchase.buyer_id == demo["org_buyer"].pk for s in page.context["slots"])
    assert "Kalender" in page.content.decode() or "iCalendar" in page.content.decode()
    pending = Purchase.objects.filter(buyer=demo["org_buyer"], status="pending").first()
    detail = client.get(f"/presale/purchases/{pending.pk}/").content.decode()
    assert pending.reference in detail and "IBAN" in detail
    foreign = Purchase.objects.exclude(buyer=demo["org_buyer"]).first()
    assert client.get(f"/presale/purchases/{foreign.pk}/").status_code == 404
    foreign_slot = Slot.objects.exclude(purchase__buyer=demo["org_buyer"]).first()
    assert client.post(f"/presale/slots/{foreign_slot.pk}/release/").status_code == 404


def test_staff_order_book_and_calendar(demo, client_for, django_assert_max_num_queries):
    client = client_for(demo["caseworker"])
    with django_assert_max_num_queries(40):
        page = client.get("/presale/ki-rz-pilot/staff/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "Slurm" in body and "scontrol" not in body
    slurm = client.get("/presale/ki-rz-pilot/slurm.txt").content.decode()
    assert "scontrol create reservation" in slurm
    with django_assert_max_num_queries(40):
        assert client.get("/presale/ki-rz-leipzig/staff/").status_code == 200
    # the auditor reads but does not act
    auditor = client_for(demo["auditor"])
    assert auditor.get("/presale/ki-rz-pilot/staff/").status_code == 200
    assert auditor.post("/presale/ki-rz-pilot/allocate/").status_code == 403
    assert client_for(demo["buyer"]).get("/presale/ki-rz-pilot/slurm.txt").status_code == 404


def test_home_items(demo, client_for):
    page = client_for(demo["buyer"]).get("/home/").content.decode()
    assert "/presale/my/" in page
    page = client_for(demo["caseworker"]).get("/home/").content.decode()
    assert "/presale/ki-rz-leipzig/staff/" in page


def test_purchase_list_api_has_no_n_plus_one(api_client_for, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from kivoucher.presale.services import purchase_create
    from tests.presale.factories import make_buyer, make_offer

    offer = make_offer()
    org, user = make_buyer()
    client = api_client_for(user)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/api/v1/presale/purchases").status_code == 200
        return len(ctx.captured_queries)

    purchase_create(actor=user, offer=offer, buyer=org, kind="hours", unit_hours=1)
    count()  # the first request also notes when the token was used (once an hour)
    few = count()
    for _ in range(5):
        purchase_create(actor=user, offer=offer, buyer=org, kind="hours", unit_hours=1)
    assert count() == few


def test_calendar_month_grid(demo, client_for):
    page = client_for(demo["buyer"]).get("/presale/my/")
    calendar = page.context["calendar"]
    assert all(len(week) == 7 for week in calendar["weeks"])
    days_with_slots = [c for w in calendar["weeks"] for c in w if c.slots]
    assert days_with_slots
    month = calendar["next"].strftime("%Y-%m")
    page = client_for(demo["caseworker"]).get(f"/presale/ki-rz-pilot/staff/?month={month}")
    assert page.status_code == 200 and page.context["calendar"]["month"] == calendar["next"]
    assert client_for(demo["buyer"]).get("/presale/my/?month=garbage").status_code == 200


def test_request_list_api_has_no_n_plus_one(demo, api_client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = api_client_for(demo["caseworker"])
    with CaptureQueriesContext(connection) as ctx:
        data = client.get("/api/v1/presale/requests").json()
    assert len(data) >= 4 and any(r["slots"] for r in data)
    assert len(ctx.captured_queries) <= 8


def test_operator_people_read_and_export_their_schedule_but_do_not_act(demo, client_for):
    from kivoucher.core.roles import Role
    from tests.factories import member_of

    operator_user = member_of(demo["org_operator"], role=Role.DC_OPERATOR)
    client = client_for(operator_user)
    assert client.get("/presale/ki-rz-pilot/staff/").status_code == 200
    slurm = client.get("/presale/ki-rz-pilot/slurm.txt").content.decode()
    assert "scontrol create reservation" in slurm
    assert client.post("/presale/ki-rz-pilot/allocate/").status_code == 403
    outsider = member_of(demo["org_data_centre"], role=Role.DC_OPERATOR)
    assert client_for(outsider).get("/presale/ki-rz-pilot/slurm.txt").status_code == 404
