"""Line III for a non-sophisticated investor in a real browser: the key investment
information sheet is read and acknowledged before the subscription, the knowledge
test and the loss simulation are done on the investor page, the order asks for the
risk warning, and the subscription is revoked in the four-day reflection period.
After the reflection period the revoke button is gone. Every page is checked with
axe-core. The controls are found by their form fields (ids and names), so the test
does not depend on the wording of the translations."""

from datetime import timedelta

import pytest
from django.utils import timezone

from kivoucher.presale.investors import KNOWLEDGE_TEST
from kivoucher.presale.models import KiisAcknowledgement, Purchase
from tests.browser.flows import page_for
from tests.browser.helpers import page_checked
from tests.presale.factories import make_buyer, make_offer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_investor_acknowledges_the_sheet_subscribes_and_revokes(browser, live_server):
    offer = make_offer(code="cluster-leipzig")
    org, user = make_buyer("Privatanlegerin Muster", sophisticated=False)
    buyer = page_for(browser, live_server, user)

    # the offer page links the sheet of the share class; the buyer reads it
    page_checked(buyer, f"/presale/{offer.code}/")
    buyer.locator(f"a[href='/presale/{offer.code}/kiis/a/']").click()
    buyer.wait_for_url(f"**/presale/{offer.code}/kiis/a/")
    page_checked(buyer, None)
    assert "Totalverlust" in buyer.locator("main").inner_text()  # part C, risk factors
    buyer.locator("#id_confirm").check()
    buyer.locator("main form button.primary").click()
    buyer.wait_for_url(f"**/presale/{offer.code}/#order")
    ack = KiisAcknowledgement.objects.get(organisation=org)
    assert ack.user == user and ack.kiis.version == 1

    # the knowledge test and the simulation of the ability to bear loss
    page_checked(buyer, "/presale/investor/")
    test = buyer.locator("#knowledge-test form")
    for question in KNOWLEDGE_TEST:
        test.locator(f"input[name='{question.key}'][value='{question.correct}']").check()
    test.locator("button").click()
    buyer.wait_for_load_state("load")
    simulation = buyer.locator("#loss-simulation form")
    simulation.locator("#id_amount").fill("5000")
    simulation.locator("#id_net_worth").fill("40000")
    simulation.locator("button").click()
    buyer.locator("#loss-simulation table").wait_for()
    page_checked(buyer, None)
    assert "12,50 %" in buyer.locator("#loss-simulation table").inner_text()  # 5,000 of 40,000

    # the order of 5 shares (5,000 EUR) needs the risk warning confirmed
    page_checked(buyer, f"/presale/{offer.code}/")
    buyer.locator("#id_kind").select_option("shares")
    buyer.locator("#id_shares").fill("5")
    buyer.locator("main form button.primary").click()
    buyer.wait_for_load_state("load")
    assert not Purchase.objects.exists()
    page_checked(buyer, None)
    buyer.locator("#id_kind").select_option("shares")
    buyer.locator("#id_shares").fill("5")
    buyer.locator("#id_risk_warning_confirmed").check()
    buyer.locator("main form button.primary").click()
    buyer.wait_for_url("**/presale/purchases/*/")
    purchase = Purchase.objects.get()
    assert purchase.kiis == ack.kiis and purchase.risk_warning_confirmed_at is not None
    page_checked(buyer, None)

    # within four days the subscription is revoked without reason
    buyer.locator("#revoke button").click()
    buyer.wait_for_load_state("load")
    purchase.refresh_from_db()
    assert purchase.status == Purchase.Status.CANCELLED and purchase.revoked_at is not None
    assert buyer.locator("#revoke").count() == 0
    page_checked(buyer, None)


def test_after_the_reflection_period_there_is_no_revoke_button(browser, live_server):
    from kivoucher.presale.investors import knowledge_test_take, loss_simulation_record
    from kivoucher.presale.services import purchase_create
    from tests.presale.factories import acknowledge

    offer = make_offer(code="cluster-leipzig")
    org, user = make_buyer("Privatanleger Beispiel", sophisticated=False)
    knowledge_test_take(
        actor=user, organisation=org, answers={q.key: q.correct for q in KNOWLEDGE_TEST}
    )
    loss_simulation_record(actor=user, organisation=org, amount="5000", net_worth="900000")
    acknowledge(org, user, offer)
    purchase = purchase_create(
        actor=user,
        offer=offer,
        buyer=org,
        kind="shares",
        share_class=offer.share_classes.get(),
        shares=5,
        risk_warning_confirmed=True,
    )
    buyer = page_for(browser, live_server, user)
    page_checked(buyer, f"/presale/purchases/{purchase.pk}/")
    assert buyer.locator("#revoke button").count() == 1
    Purchase.objects.filter(pk=purchase.pk).update(
        reflection_until=timezone.now() - timedelta(minutes=1)
    )
    page_checked(buyer, f"/presale/purchases/{purchase.pk}/")
    assert buyer.locator("#revoke").count() == 0
    assert Purchase.objects.get(pk=purchase.pk).status == Purchase.Status.PENDING
