"""The pages of line III for investors and buyers: the sheet and its acknowledgement,
the investor profile (test, simulation), the order with its warning, revocation, KYC
for the buyer and the staff check, transfers of hours and the hand-back."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from kivoucher.core.roles import Role
from kivoucher.presale.investors import KNOWLEDGE_TEST
from kivoucher.presale.models import (
    HoursTransfer,
    InvestorProfile,
    KiisAcknowledgement,
    KycDossier,
    Purchase,
)
from kivoucher.presale.services import purchase_confirm_payment, purchase_create
from kivoucher.programmes.models import Line
from kivoucher.programmes.services import call_create
from tests.factories import ProgrammeFactory, UserFactory
from tests.presale.factories import make_buyer, make_offer, make_staff

pytestmark = pytest.mark.django_db
DE = {"HTTP_ACCEPT_LANGUAGE": "de"}
RIGHT = {q.key: q.correct for q in KNOWLEDGE_TEST}


def test_the_sheet_is_public_and_the_buyer_acknowledges_it_before_subscribing(client_for):
    offer = make_offer()
    org, user = make_buyer()
    url = f"/presale/{offer.code}/kiis/a/"
    page = client_for(UserFactory(role=Role.APPLICANT)).get(url, **DE)
    assert page.status_code == 200 and page.context["form"] is None
    body = page.content.decode()
    assert "Totalverlust" in body and "ESMA" in body
    web = client_for(user)
    # without acknowledgement the order is refused on the form
    refused = web.post(
        f"/presale/{offer.code}/", {"kind": "shares", "share_class": "a", "shares": 5}, **DE
    )
    assert refused.status_code == 200 and not Purchase.objects.exists()
    assert any(
        "Basisinformationsblatt" in str(m) or "information sheet" in str(m)
        for m in refused.context["messages"]
    )
    assert web.post(url, {"version": 1}).status_code == 200  # the box is not ticked
    assert not KiisAcknowledgement.objects.exists()
    done = web.post(url, {"version": 1, "confirm": "on"})
    assert done.status_code == 302 and done["Location"].endswith(f"/presale/{offer.code}/#order")
    assert web.get(url).context["acknowledged"] is not None
    ordered = web.post(
        f"/presale/{offer.code}/", {"kind": "shares", "share_class": "a", "shares": 5}
    )
    assert ordered.status_code == 302
    purchase = Purchase.objects.get()
    detail = web.get(f"/presale/purchases/{purchase.pk}/").content.decode()
    assert purchase.kiis.version == 1
    from django.utils import translation

    with translation.override("de"):
        shown = translation.gettext("version %(v)s, acknowledged on %(when)s")
    assert shown.split("%(when)s")[0] % {"v": 1} in detail  # "Fassung 1, bestätigt am "


def test_staff_publish_a_new_version_on_the_edit_page(client_for):
    offer = make_offer()
    staff = client_for(make_staff())
    url = f"/presale/{offer.code}/kiis/a/edit/"
    page = staff.get(url)
    assert page.status_code == 200 and page.context["form"].initial["fees"]
    data = dict(page.context["form"].initial)
    data["fees"] = "0,5 % Ausgabeaufschlag"
    assert staff.post(url, data).status_code == 302
    assert offer.share_classes.get().kiis.count() == 2
    assert client_for(UserFactory(role=Role.AUDITOR)).get(url).status_code == 403
    assert client_for(make_buyer()[1]).get(url).status_code == 403


def test_investor_page_runs_the_test_and_the_simulation(client_for):
    org, user = make_buyer(sophisticated=False)
    web = client_for(user)
    page = web.get("/presale/investor/", **DE)
    assert page.status_code == 200
    failed = web.post("/presale/investor/", {"step": "test", **{k: "x" for k in RIGHT}})
    assert failed.status_code == 200 and failed.context["test_form"].errors
    wrong = {**RIGHT, "loss": "nominal", "liquidity": "exchange"}
    failed = web.post("/presale/investor/", {"step": "test", **wrong})
    assert failed.context["test_result"].passed is False
    passed = web.post("/presale/investor/", {"step": "test", **RIGHT})
    assert passed.status_code == 302
    org.investor_profile.refresh_from_db()
    assert org.investor_profile.knowledge_test_passed_at is not None
    sim = web.post(
        "/presale/investor/", {"step": "simulate", "amount": "2000", "net_worth": "10000"}
    )
    assert sim.status_code == 200
    lines = sim.context["simulation"].lines
    assert [x.share_of_net_worth for x in lines] == [
        Decimal("2.00"),
        Decimal("10.00"),
        Decimal("20.00"),
    ]
    declared = web.post(
        "/presale/investor/",
        {"step": "declare", "natural_person": "on", "net_worth": "10000", "annual_income": ""},
    )
    assert declared.status_code == 302
    org.investor_profile.refresh_from_db()
    assert org.investor_profile.natural_person
    assert client_for(UserFactory(role=Role.APPLICANT)).get("/presale/investor/").status_code == 403


def test_the_order_form_asks_for_the_warning_and_the_purchase_page_offers_revocation(client_for):
    offer = make_offer()
    org, user = make_buyer(sophisticated=False)
    web = client_for(user)
    web.post("/presale/investor/", {"step": "test", **RIGHT})
    web.post("/presale/investor/", {"step": "simulate", "amount": "5000", "net_worth": "50000"})
    web.post(f"/presale/{offer.code}/kiis/a/", {"version": 1, "confirm": "on"})
    order = {"kind": "shares", "share_class": "a", "shares": 5}
    refused = web.post(f"/presale/{offer.code}/", order)
    assert refused.status_code == 200 and not Purchase.objects.exists()
    assert "risk_warning_confirmed" in refused.context["form"].fields
    assert (
        web.post(f"/presale/{offer.code}/", {**order, "risk_warning_confirmed": "on"}).status_code
        == 302
    )
    purchase = Purchase.objects.get()
    page = web.get(f"/presale/purchases/{purchase.pk}/", **DE)
    assert (
        page.context["revocable"]
        and f"/presale/purchases/{purchase.pk}/revoke/" in page.content.decode()
    )
    assert web.post(f"/presale/purchases/{purchase.pk}/revoke/").status_code == 302
    purchase.refresh_from_db()
    assert purchase.status == Purchase.Status.CANCELLED and purchase.revoked_at
    page = web.get(f"/presale/purchases/{purchase.pk}/")
    assert not page.context["revocable"] and "/revoke/" not in page.content.decode()
    # a foreign buyer's people do not see it
    assert (
        client_for(make_buyer()[1]).post(f"/presale/purchases/{purchase.pk}/revoke/").status_code
        == 404
    )


def test_kyc_page_and_staff_check(client_for):
    org, user = make_buyer(kyc=False)
    web = client_for(user)
    assert web.get("/presale/kyc/", **DE).status_code == 200
    form = {
        "step": "save",
        "register_extract": "TR-7",
        "person-TOTAL_FORMS": "2",
        "person-INITIAL_FORMS": "0",
        "person-MIN_NUM_FORMS": "0",
        "person-MAX_NUM_FORMS": "50",
        "person-0-role": "representative",
        "person-0-name": "Erika Muster",
        "person-1-role": "owner",
        "person-1-name": "Max Muster",
        "person-1-birth_date": "1970-01-01",
        "person-1-share_percent": "100",
        "person-1-register_reference": "TR-7",
    }
    assert web.post("/presale/kyc/", form).status_code == 302
    assert web.post("/presale/kyc/", {"step": "submit"}).status_code == 302
    dossier = KycDossier.objects.get(organisation=org)
    assert dossier.status == "submitted" and dossier.persons.count() == 2
    staff = client_for(make_staff())
    listing = staff.get("/presale/kyc/check/")
    assert listing.status_code == 200 and org.name in listing.content.decode()
    detail = staff.get(f"/presale/kyc/check/{dossier.pk}/")
    assert "Max Muster" in detail.content.decode() and detail.context["check_form"]
    auditor = client_for(UserFactory(role=Role.AUDITOR))
    assert auditor.get(f"/presale/kyc/check/{dossier.pk}/").status_code == 200
    assert auditor.post(f"/presale/kyc/check/{dossier.pk}/", {"step": "check"}).status_code == 403
    assert web.get("/presale/kyc/check/").status_code == 403
    assert web.get(f"/presale/kyc/check/{dossier.pk}/").status_code == 404
    decided = staff.post(
        f"/presale/kyc/check/{dossier.pk}/", {"step": "check", "decision": "approve", "note": ""}
    )
    assert decided.status_code == 302
    dossier.refresh_from_db()
    assert dossier.status == "approved" and dossier.checked_by is not None
    classified = staff.post(
        f"/presale/kyc/check/{dossier.pk}/",
        {"step": "classify", "sophisticated": "on", "note": "Anhang II"},
    )
    assert classified.status_code == 302
    assert InvestorProfile.objects.get(organisation=org).sophisticated


def test_transfer_pages_and_hand_back(client_for):
    offer = make_offer(target=Decimal("7500"), hours_valid_until=timezone.localdate())
    staff_user = make_staff()
    (a, ua), (_c, uc) = make_buyer("Anna AG"), make_buyer("Carl GmbH")
    p = purchase_create(actor=ua, offer=offer, buyer=a, kind="hours", unit_hours=2)
    p = purchase_confirm_payment(actor=staff_user, purchase=p)
    web_a, web_c = client_for(ua), client_for(uc)
    page = web_a.get(f"/presale/purchases/{p.pk}/")
    assert page.context["transfer_form"] is not None
    assert (
        web_a.post(
            f"/presale/purchases/{p.pk}/transfer/", {"unit_hours": 1, "price": "5000"}
        ).status_code
        == 302
    )
    transfer = HoursTransfer.objects.get()
    listing = web_c.get("/presale/transfers/", **DE)
    assert listing.status_code == 200 and "Anna AG" in listing.content.decode()
    accepted = web_c.post(f"/presale/transfers/{transfer.pk}/accept/")
    transfer.refresh_from_db()
    assert transfer.status == "accepted" and accepted["Location"].endswith(
        f"/presale/purchases/{transfer.result_id}/"
    )
    assert Purchase.objects.get(pk=transfer.result_id).sequence == p.sequence
    assert client_for(staff_user).get("/presale/transfers/").context["rows"] == [transfer]
    # hand-back: only once the validity has ended, by staff
    programme = ProgrammeFactory(code="ki-compute", line=Line.COMPUTE, name="Compute")
    now = timezone.now()
    call = call_create(
        actor=None,
        programme=programme,
        name="Compute 2027",
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=9),
        budget=Decimal("0"),
    )
    staff = client_for(staff_user)
    assert staff.get(f"/presale/purchases/{p.pk}/").context["hand_back_form"] is None
    offer.hours_valid_until = timezone.localdate() - timedelta(days=1)
    offer.save()
    assert staff.get(f"/presale/purchases/{p.pk}/").context["hand_back_form"] is not None
    assert web_a.post(f"/presale/purchases/{p.pk}/hand-back/", {"call": call.pk}).status_code == 403
    assert staff.post(f"/presale/purchases/{p.pk}/hand-back/", {"call": call.pk}).status_code == 302
    p.refresh_from_db()
    assert p.status == Purchase.Status.EXPIRED
    assert staff.get(f"/presale/purchases/{p.pk}/").context["handed_back"].amount == Decimal(
        "7500.00"
    )
