"""Line III for investors and buyers through the API, every exchange checked against
/api/openapi.json, with ids taken from the API's answers: the sheet, the knowledge
test, the loss simulation, the warning, KYC before the payment, revocation in the
reflection period, transfers of hours and the hand-back to line II."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from kivoucher.core.roles import Role
from kivoucher.presale.models import Purchase
from kivoucher.programmes.models import Line
from kivoucher.programmes.services import call_create
from tests.e2e.openapi_check import CheckedApi
from tests.factories import ProgrammeFactory
from tests.presale.factories import KIIS_TEXTS, make_buyer, make_offer, make_staff

pytestmark = pytest.mark.django_db
V1 = "/api/v1/presale"


def test_subscription_with_sheet_test_simulation_warning_kyc_and_revocation(api_client_for):
    make_offer(kiis=False)
    staff = CheckedApi(api_client_for(make_staff(Role.CASEWORKER)))
    _org, user = make_buyer("Privatanleger Muster", kyc=False, sophisticated=False)
    buyer = CheckedApi(api_client_for(user))

    offer = staff.get(f"{V1}/offers").json()[0]
    code, share_class = offer["code"], offer["share_classes"][0]["code"]
    kiis_url = f"{V1}/offers/{code}/share-classes/{share_class}/kiis"
    assert buyer.get(kiis_url).status_code == 404  # none published yet
    order = {"kind": "shares", "share_class": share_class, "shares": 5}
    refused = buyer.post(f"{V1}/offers/{code}/purchases", order)
    assert (refused.status_code, refused.json()["code"]) == (409, "kiis_missing")

    # staff publish the sheet; the buyer reads and acknowledges it
    assert buyer.post(kiis_url, KIIS_TEXTS).status_code == 404  # staff only
    sheet = staff.post(kiis_url, KIIS_TEXTS)
    assert sheet.status_code == 201 and sheet.json()["version"] == 1
    shown = buyer.get(kiis_url).json()
    assert shown["risk_factors"] == KIIS_TEXTS["risk_factors"]
    refused = buyer.post(f"{V1}/offers/{code}/purchases", order)
    assert (refused.status_code, refused.json()["code"]) == (409, "kiis_not_acknowledged")
    stale = buyer.post(f"{kiis_url}/acknowledge", {"version": shown["version"] + 1})
    assert (stale.status_code, stale.json()["code"]) == (409, "kiis_outdated")
    ack = buyer.post(f"{kiis_url}/acknowledge", {"version": shown["version"]})
    assert ack.status_code == 201 and ack.json()["version"] == 1

    # the knowledge test and the loss simulation come first
    refused = buyer.post(f"{V1}/offers/{code}/purchases", order)
    assert refused.json()["code"] == "knowledge_test_required"
    test = buyer.get(f"{V1}/knowledge-test").json()
    wrong = {q["key"]: q["choices"][-1]["key"] for q in test["questions"]}
    result = buyer.post(f"{V1}/knowledge-test", {"answers": wrong}).json()
    assert result["passed"] is False and result["score"] < test["pass_mark"]
    right = {
        "loss": "all",
        "liquidity": "illiquid",
        "protection": "none",
        "diversify": "affordable",
    }
    assert {q["key"] for q in test["questions"]} == set(right)
    result = buyer.post(f"{V1}/knowledge-test", {"answers": right}).json()
    assert result["passed"] is True and result["score"] == 4
    refused = buyer.post(f"{V1}/offers/{code}/purchases", order)
    assert refused.json()["code"] == "loss_simulation_required"
    sim = buyer.post(
        f"{V1}/loss-simulation", {"amount": "5000", "net_worth": "40000", "annual_income": "30000"}
    ).json()
    assert [line["share_of_net_worth"] for line in sim["lines"]] == ["1.25", "6.25", "12.50"]
    assert sim["capacity"] == "4000.00" and sim["within_capacity"] is False
    profile = buyer.get(f"{V1}/investor-profile").json()
    assert profile["ready_to_subscribe"] and not profile["sophisticated"]

    # 5,000 EUR: above 1,000 EUR and 5 % of 40,000 EUR: the warning must be confirmed
    refused = buyer.post(f"{V1}/offers/{code}/purchases", order)
    assert (refused.status_code, refused.json()["code"]) == (409, "risk_warning_required")
    created = buyer.post(f"{V1}/offers/{code}/purchases", {**order, "risk_warning_confirmed": True})
    assert created.status_code == 201
    purchase = created.json()
    assert purchase["kiis_version"] == 1 and purchase["kiis_acknowledged_at"]
    assert purchase["risk_warning_confirmed_at"] and purchase["revocable"] is True

    # KYC before the payment is confirmed
    pid = purchase["id"]
    refused = staff.post(f"{V1}/purchases/{pid}/confirm-payment", {})
    assert (refused.status_code, refused.json()["code"]) == (409, "kyc_outstanding")
    persons = [
        {"role": "representative", "name": "Erika Muster"},
        {
            "role": "owner",
            "name": "Erika Muster",
            "birth_date": "1980-02-03",
            "share_percent": "100",
            "register_reference": "TR-42",
        },
    ]
    kyc = buyer.call("PUT", f"{V1}/kyc", {"register_extract": "TR-42", "persons": persons})
    assert kyc.status_code == 200 and len(kyc.json()["persons"]) == 2
    assert buyer.post(f"{V1}/kyc/submit").json()["status"] == "submitted"
    assert buyer.get(f"{V1}/kyc-dossiers").json() == []  # staff only
    dossiers = staff.get(f"{V1}/kyc-dossiers?status=submitted").json()
    dossier = next(d for d in dossiers if d["organisation"] == "Privatanleger Muster")
    assert buyer.post(
        f"{V1}/kyc-dossiers/{dossier['id']}/check", {"approve": True}
    ).status_code in (
        403,
        404,
    )
    checked = staff.post(
        f"{V1}/kyc-dossiers/{dossier['id']}/check", {"approve": True, "note": "ok"}
    )
    assert checked.json()["status"] == "approved" and checked.json()["checked_at"]
    paid = staff.post(f"{V1}/purchases/{pid}/confirm-payment", {}).json()
    assert paid["status"] == "confirmed" and paid["sequence"] == 1

    # revoked within four days: refunded through the payout path
    revoked = buyer.post(f"{V1}/purchases/{pid}/revoke")
    assert revoked.status_code == 200 and revoked.json()["status"] == "refunded"
    assert revoked.json()["revoked_at"] and revoked.json()["revocable"] is False
    again = buyer.post(f"{V1}/purchases/{pid}/revoke")
    assert again.status_code == 409

    # a second subscription, after the four days: no revocation
    second = buyer.post(
        f"{V1}/offers/{code}/purchases", {**order, "risk_warning_confirmed": True}
    ).json()
    Purchase.objects.filter(pk=second["id"]).update(
        reflection_until=timezone.now() - timedelta(seconds=1)
    )
    late = buyer.post(f"{V1}/purchases/{second['id']}/revoke")
    assert (late.status_code, late.json()["code"]) == (409, "reflection_period_over")

    # staff classify the investor (Annex II) with the organisation id from the dossier
    classified = staff.post(
        f"{V1}/investor-profiles/{dossier['organisation_id']}/classify",
        {"sophisticated": True, "note": "Anhang II"},
    )
    assert classified.status_code == 200 and classified.json()["sophisticated"] is True
    assert buyer.post(
        f"{V1}/investor-profiles/{dossier['organisation_id']}/classify",
        {"sophisticated": False, "note": ""},
    ).status_code in (403, 404)


def test_transfers_between_buyers_and_hand_back_through_the_api(api_client_for):
    programme = ProgrammeFactory(code="ki-compute", line=Line.COMPUTE, name="Compute")
    now = timezone.now()
    call_create(
        actor=None,
        programme=programme,
        name="Compute-Aufruf 2027",
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=60),
        budget=Decimal("50000"),
    )
    make_offer(target=Decimal("7500"), hours_valid_until=timezone.localdate())
    staff_user = make_staff(Role.CASEWORKER)
    staff = CheckedApi(api_client_for(staff_user))
    _a, user_a = make_buyer("Anna AG")
    _c, user_c = make_buyer("Carl GmbH")
    api_a, api_c = CheckedApi(api_client_for(user_a)), CheckedApi(api_client_for(user_c))
    code = api_a.get(f"{V1}/offers").json()[0]["code"]
    mine = api_a.post(f"{V1}/offers/{code}/purchases", {"kind": "hours", "unit_hours": 4}).json()
    staff.post(f"{V1}/purchases/{mine['id']}/confirm-payment", {"amount": mine["amount"]})
    mine = api_a.get(f"{V1}/purchases/{mine['id']}").json()
    assert mine["status"] == "active" and mine["sequence"] == 1

    offered = api_a.post(
        f"{V1}/purchases/{mine['id']}/transfers", {"unit_hours": 3, "price": "9000"}
    )
    assert offered.status_code == 201 and offered.json()["status"] == "offered"
    assert (
        api_c.post(
            f"{V1}/purchases/{mine['id']}/transfers", {"unit_hours": 1, "price": "1"}
        ).status_code
        == 404
    )
    seen = api_c.get(f"{V1}/transfers").json()
    assert [t["id"] for t in seen] == [offered.json()["id"]] and seen[0]["purchase"] is None
    accepted = api_c.post(f"{V1}/transfers/{seen[0]['id']}/accept")
    assert accepted.status_code == 200 and accepted.json()["buyer"] == "Carl GmbH"
    taken = api_c.get(f"{V1}/purchases/{accepted.json()['result']}").json()
    assert taken["sequence"] == mine["sequence"] and taken["transferred_from"] == mine["id"]
    assert taken["unit_hours"] == 3 and taken["unit_hours_left"] == 3
    assert api_a.get(f"{V1}/purchases/{mine['id']}").json()["unit_hours"] == 1
    assert api_c.post(f"{V1}/transfers/{seen[0]['id']}/accept").status_code == 409
    everything = staff.get(f"{V1}/transfers").json()
    assert everything[0]["seller"] == "Anna AG" and everything[0]["result"] == taken["id"]

    # withdrawn offers cannot be taken over
    second = api_a.post(
        f"{V1}/purchases/{mine['id']}/transfers", {"unit_hours": 1, "price": "1"}
    ).json()
    assert api_c.post(f"{V1}/transfers/{second['id']}/withdraw").status_code == 404
    assert api_a.post(f"{V1}/transfers/{second['id']}/withdraw").json()["status"] == "withdrawn"

    # hand-back to line II once the validity has ended
    calls = staff.client.get("/api/v1/programmes/calls").json()
    call = next(c for c in calls if c["programme"] == "ki-compute")
    refused = staff.post(f"{V1}/purchases/{taken['id']}/hand-back", {"call_id": call["id"]})
    assert (refused.status_code, refused.json()["code"]) == (409, "still_valid")
    from kivoucher.presale.models import Offer

    Offer.objects.filter(code=code).update(
        hours_valid_until=timezone.localdate() - timedelta(days=1)
    )
    assert (
        api_c.post(f"{V1}/purchases/{taken['id']}/hand-back", {"call_id": call["id"]}).status_code
        == 403
    )
    done = staff.post(f"{V1}/purchases/{taken['id']}/hand-back", {"call_id": call["id"]})
    assert done.status_code == 200 and done.json()["status"] == "expired"
    after = next(
        c for c in staff.client.get("/api/v1/programmes/calls").json() if c["id"] == call["id"]
    )
    assert Decimal(after["available"]) == Decimal(call["available"]) + Decimal(taken["amount"])
