"""Line III end to end through HTTP: order, pay (manually and by camt.053), target
reached, commissioning, slot requests, allocation in the order of sale, exports;
and the target missed with refunds."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from kivoucher.core.roles import Role
from kivoucher.payments.models import Payout
from kivoucher.presale.models import Offer
from tests.presale.factories import make_buyer, make_offer, make_staff
from tests.presale.test_camt import statement_for

pytestmark = pytest.mark.django_db


def _iso(value):
    return value.isoformat()


def test_presale_end_to_end(api_client_for, client_for):
    offer = make_offer(target=Decimal("150000"), partitions=2)
    staff = make_staff(Role.CASEWORKER)
    staff_api = api_client_for(staff)
    (org_a, user_a), (_org_b, user_b), (_org_c, user_c) = (
        make_buyer("Alpha AG"),
        make_buyer("Beta GmbH"),
        make_buyer("Gamma UG"),
    )
    api_a, api_b, api_c = api_client_for(user_a), api_client_for(user_b), api_client_for(user_c)

    # public progress page and API, no login
    public = Client()
    assert public.get("/presale/").status_code == 200
    page = public.get(f"/presale/{offer.code}/")
    assert page.status_code == 200 and b"<svg" in page.content and b"<title" in page.content
    assert public.get(f"/api/v1/presale/offers/{offer.code}").json()["progress"]["paid"] == "0.00"

    # buyers order: B orders first, but A pays first
    r = api_b.post(
        f"/api/v1/presale/offers/{offer.code}/purchases",
        {"kind": "hours", "unit_hours": 8},
        content_type="application/json",
    )
    assert r.status_code == 201, r.content
    pb = r.json()
    assert pb["amount"] == "30000.00"  # 4 cluster-hours at 7,500 EUR
    assert pb["payment"]["reference"] == pb["reference"] and pb["sequence"] is None
    # the order form in the browser
    web_a = client_for(user_a)
    order = {"kind": "hours", "product": "cluster", "quantity": 12}
    r = web_a.post(f"/presale/{offer.code}/", order)
    assert r.status_code == 302
    pa = api_a.get("/api/v1/presale/purchases").json()[0]
    assert pa["unit_hours"] == 24 and pa["amount"] == "90000.00"
    pc = api_c.post(
        f"/api/v1/presale/offers/{offer.code}/purchases",
        {"kind": "hours", "unit_hours": 8},
        content_type="application/json",
    ).json()
    # a subscription comes after the key investment information sheet is acknowledged
    sheet = api_c.get(f"/api/v1/presale/offers/{offer.code}/share-classes/a/kiis").json()
    api_c.post(
        f"/api/v1/presale/offers/{offer.code}/share-classes/a/kiis/acknowledge",
        {"version": sheet["version"]},
        content_type="application/json",
    )
    shares = api_c.post(
        f"/api/v1/presale/offers/{offer.code}/purchases",
        {"kind": "shares", "share_class": "a", "shares": 10},
        content_type="application/json",
    ).json()
    # buyers see only their own purchases
    assert api_b.get(f"/api/v1/presale/purchases/{pa['id']}").status_code == 404
    # buyers cannot confirm payments
    assert (
        api_a.post(
            f"/api/v1/presale/purchases/{pa['id']}/confirm-payment",
            {},
            content_type="application/json",
        ).status_code
        == 403
    )

    # staff confirm: A manually (no. 1); B and C by bank statement (no. 2, 3)
    r = staff_api.post(
        f"/api/v1/presale/purchases/{pa['id']}/confirm-payment",
        {"amount": "90000.00"},
        content_type="application/json",
    )
    assert r.json()["sequence"] == 1
    from kivoucher.presale.models import Purchase

    p_b, p_c = Purchase.objects.get(pk=pb["id"]), Purchase.objects.get(pk=pc["id"])
    p_s = Purchase.objects.get(pk=shares["id"])
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("camt.xml", statement_for(p_b, p_c, p_s), "application/xml")
    r = client_for(staff).post(f"/presale/{offer.code}/statement/", {"statement": upload})
    assert r.status_code == 200 and r.context["report"].count("confirmed") == 2
    assert Purchase.objects.get(pk=pb["id"]).sequence == 2
    assert Purchase.objects.get(pk=pc["id"]).sequence == 3
    # the shares were paid short: still pending; staff confirm after checking
    assert Purchase.objects.get(pk=shares["id"]).status == "pending"
    staff_api.post(
        f"/api/v1/presale/purchases/{shares['id']}/confirm-payment",
        {},
        content_type="application/json",
    )

    # 90,000 + 30,000 + 30,000 + 10,000 >= 150,000: target reached, vouchers issued
    info = public.get(f"/api/v1/presale/offers/{offer.code}").json()
    assert info["status"] == "funded" and info["progress"]["percent"] == 106
    mine = api_a.get(f"/api/v1/presale/purchases/{pa['id']}").json()
    assert mine["status"] == "active" and mine["voucher_code"]

    # commissioning with a maintenance window
    start = (timezone.now() + timedelta(days=3)).replace(minute=0, second=0, microsecond=0)
    r = staff_api.post(
        f"/api/v1/presale/offers/{offer.code}/commission",
        {
            "operation_start": _iso(start),
            "calendar_end": _iso(start + timedelta(days=14)),
            "maintenance": [
                {
                    "start": _iso(start + timedelta(hours=10)),
                    "end": _iso(start + timedelta(hours=12)),
                }
            ],
        },
        content_type="application/json",
    )
    assert r.status_code == 200 and r.json()["status"] == "commissioned", r.content

    # requests: C (no. 3) asks first for the whole cluster, then A (no. 1), B (no. 2)
    def ask(api, purchase_id, hours, width, split=False):
        r = api.post(
            f"/api/v1/presale/purchases/{purchase_id}/requests",
            {
                "earliest_start": _iso(start),
                "latest_end": _iso(start + timedelta(days=1)),
                "block_hours": hours,
                "width": width,
                "may_split": split,
            },
            content_type="application/json",
        )
        assert r.status_code == 201, r.content
        return r.json()["id"]

    rc = ask(api_c, pc["id"], 4, 2)
    ra = ask(api_a, pa["id"], 6, 2)
    rb = ask(api_b, pb["id"], 4, 1)
    # more than the purchase holds is refused
    r = api_b.post(
        f"/api/v1/presale/purchases/{pb['id']}/requests",
        {
            "earliest_start": _iso(start),
            "latest_end": _iso(start + timedelta(days=1)),
            "block_hours": 5,
        },
        content_type="application/json",
    )
    assert r.status_code == 409 and r.json()["code"] == "no_hours_left"

    # the staff button (htmx) runs the allocation
    r = client_for(staff).post(
        f"/presale/{offer.code}/allocate/", HTTP_HX_REQUEST="true", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert r.status_code == 200 and b"3 served" in r.content

    got_a = api_a.get(f"/api/v1/presale/requests/{ra}").json()
    got_b = api_b.get(f"/api/v1/presale/requests/{rb}").json()
    got_c = api_c.get(f"/api/v1/presale/requests/{rc}", HTTP_ACCEPT_LANGUAGE="en").json()
    assert [s["start"][:13] for s in got_a["slots"]] == [_iso(start)[:13]] * 2  # both partitions
    # B (no. 2) needs 4 h on one partition: 6-10, before maintenance at 10-12
    assert got_b["slots"][0]["start"][:13] == _iso(start + timedelta(hours=6))[:13]
    # C (no. 3) needs 4 h of both partitions: after maintenance, 12-16
    assert got_c["slots"][0]["start"][:13] == _iso(start + timedelta(hours=12))[:13]
    assert "number 3" in got_c["explanation"] and "1-2" in got_c["explanation"]
    # foreign requests are invisible
    assert api_b.get(f"/api/v1/presale/requests/{ra}").status_code == 404

    # holders confirm; C releases one of its slots
    assert api_a.post(f"/api/v1/presale/requests/{ra}/confirm").json()["status"] == "confirmed"
    api_c.post(f"/api/v1/presale/requests/{rc}/confirm")
    slot_c = got_c["slots"][0]["id"]
    assert api_c.post(f"/api/v1/presale/slots/{slot_c}/release").json()["status"] == "released"
    assert api_c.get(f"/api/v1/presale/purchases/{pc['id']}").json()["unit_hours_left"] == 8 - 4

    # exports: Slurm for the operator, iCalendar per holder
    slurm = staff_api.get(f"/api/v1/presale/offers/{offer.code}/slurm").content.decode()
    lines = [x for x in slurm.splitlines() if x.startswith("scontrol create reservation")]
    assert len(lines) == 3  # A's two partitions, C's remaining partition
    assert all("StartTime=" in x and "EndTime=" in x and "Nodes=ALL" in x for x in lines)
    assert f"Accounts=kiv_{org_a.pk}" in slurm
    assert api_a.get(f"/api/v1/presale/offers/{offer.code}/slurm").status_code == 404
    page = client_for(user_a).get("/presale/my/")
    assert page.status_code == 200
    feed_url = page.context["feed_url"]
    ics = public.get(feed_url.replace("http://testserver", ""))
    assert ics.status_code == 200 and ics["Content-Type"].startswith("text/calendar")
    body = ics.content.decode()
    assert body.startswith("BEGIN:VCALENDAR\r\n") and body.count("BEGIN:VEVENT") == 2
    assert public.get("/presale/calendar/forged.ics").status_code == 404

    # staff pages render
    assert client_for(staff).get(f"/presale/{offer.code}/staff/").status_code == 200
    assert client_for(user_a).get(f"/presale/{offer.code}/staff/").status_code == 404
    assert client_for(user_a).get(f"/presale/purchases/{pa['id']}/").status_code == 200


def test_target_missed_refunds(api_client_for, client_for):
    offer = make_offer(target=Decimal("1000000"))
    staff = make_staff(Role.PROGRAMME_ADMIN)
    org, user = make_buyer()
    api = api_client_for(user)
    p = api.post(
        f"/api/v1/presale/offers/{offer.code}/purchases",
        {"kind": "hours", "unit_hours": 2},
        content_type="application/json",
    ).json()
    api_client_for(staff).post(
        f"/api/v1/presale/purchases/{p['id']}/confirm-payment", {}, content_type="application/json"
    )
    Offer.objects.filter(pk=offer.pk).update(
        opens_at=timezone.now() - timedelta(days=40), deadline=timezone.now() - timedelta(days=1)
    )
    r = client_for(staff).post(f"/presale/{offer.code}/evaluate/")
    assert r.status_code == 302
    assert api.get(f"/api/v1/presale/purchases/{p['id']}").json()["status"] == "refunded"
    payout = Payout.objects.get(origin=f"presale:purchase:{p['id']}")
    assert payout.amount == Decimal("15000.00") and payout.status == "prepared"
    page = Client().get(f"/presale/{offer.code}/")
    assert b"erstattet" in page.content or b"refunded" in page.content
    # the refund goes out in the next SEPA batch
    from django.core.management import call_command

    call_command("export_sepa", "-o", "/dev/null")
    payout.refresh_from_db()
    assert payout.status == "prepared"  # not released: not exported
    from tests.payments.factories import payouts_release_all

    payouts_release_all()
    call_command("export_sepa", "-o", "/dev/null")
    payout.refresh_from_db()
    assert payout.status == "exported"


def offer_body(operator, code: str) -> dict:
    now = timezone.now()
    return {
        "code": code,
        "title": f"Cluster {code}",
        "operator_id": operator.pk,
        "regular_price": "10000",
        "unit_hours_for_sale": 500,
        "funding_target": "1000000",
        "opens_at": now.isoformat(),
        "deadline": (now + timedelta(days=30)).isoformat(),
        "tiers": [{"label": "Vorverkauf", "price": "7500"}],
        "share_classes": [
            {
                "code": "a",
                "name": "A",
                "nominal_value": "100",
                "issue_price": "120",
                "shares_offered": 100,
            }
        ],
    }


def test_staff_create_and_publish_an_offer_through_the_api(api_client_for):
    from kivoucher.organizations.models import Organisation
    from tests.factories import OrganisationFactory, ProgrammeFactory

    ProgrammeFactory(code="ki-presale", name="Vorverkauf")
    operator = OrganisationFactory(kind=Organisation.Kind.OPERATOR)
    admin = api_client_for(make_staff(Role.PROGRAMME_ADMIN))
    body = offer_body(operator, "cluster-x")
    r = admin.post("/api/v1/presale/offers", body, content_type="application/json")
    assert r.status_code == 201, r.content
    assert Client().get("/api/v1/presale/offers/cluster-x").status_code == 404  # a draft
    r = admin.post("/api/v1/presale/offers/cluster-x/publish")
    assert r.json()["status"] == "open"
    assert Client().get("/api/v1/presale/offers/cluster-x").json()["tiers"][0]["price"] == "7500.00"
    _org, buyer = make_buyer()
    r = api_client_for(buyer).post("/api/v1/presale/offers", body, content_type="application/json")
    assert r.status_code == 403
    # a non-operator cannot publish a pre-sale
    body["code"], body["operator_id"] = "cluster-y", OrganisationFactory().pk
    r = admin.post("/api/v1/presale/offers", body, content_type="application/json")
    assert r.status_code == 400


@pytest.mark.parametrize(
    ("part", "field", "value", "said"),
    [
        ("tiers", "price", "1e400", "price: "),
        ("tiers", "price", "-1", "Preis über null"),
        ("tiers", "price", "0.001", "price: "),
        ("share_classes", "nominal_value", "1e400", "nominal_value: "),
        ("share_classes", "issue_price", "0", "unter ihrem Nennwert"),
    ],
)
def test_offer_prices_outside_the_rules_are_a_400(api_client_for, part, field, value, said):
    # Tiers and share classes were stored unchecked: 1e400 reached the database.
    from kivoucher.organizations.models import Organisation
    from kivoucher.presale.models import Offer
    from tests.factories import OrganisationFactory, ProgrammeFactory

    ProgrammeFactory(code="ki-presale", name="Vorverkauf")
    operator = OrganisationFactory(kind=Organisation.Kind.OPERATOR)
    body = offer_body(operator, "cluster-z")
    body[part][0][field] = value
    admin = api_client_for(make_staff(Role.PROGRAMME_ADMIN))
    r = admin.post("/api/v1/presale/offers", body, content_type="application/json")
    assert r.status_code == 400, r.content
    assert said in r.json()["message"]
    assert not Offer.objects.exists()


def test_buyer_cancels_an_unpaid_order(client_for):
    offer = make_offer()
    org, user = make_buyer()
    from kivoucher.presale.services import purchase_create

    p = purchase_create(actor=user, offer=offer, buyer=org, kind="hours", unit_hours=1)
    r = client_for(user).post(f"/presale/purchases/{p.pk}/cancel/")
    assert r.status_code == 302
    p.refresh_from_db()
    assert p.status == "cancelled"
