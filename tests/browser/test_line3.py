"""Line III (capacity pre-sale) in a real browser: a buyer orders cluster-hours
through the order form, staff confirm the payment (the funding target is
reached), declare the cluster in operation, the buyer requests a slot, staff run
the allocation (an htmx action that shows "working…" and then the result), and
the buyer sees its allocated slot. Every page is checked with axe-core."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from kivoucher.core.roles import Role
from kivoucher.presale.models import Purchase
from tests.browser.flows import page_for
from tests.browser.helpers import page_checked
from tests.presale.factories import make_buyer, make_offer, make_staff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _local(value) -> str:
    """A datetime-local input's value."""
    return timezone.localtime(value).strftime("%Y-%m-%dT%H:%M")


def test_line3_order_pay_commission_request_allocate(browser, live_server):
    offer = make_offer(code="cluster-leipzig", target=Decimal("75000"))
    _org, buyer_user = make_buyer("Alpha Robotics AG")
    staff_user = make_staff(Role.CASEWORKER)

    # The buyer orders 10 cluster-hours at the pre-sale price of 7,500 EUR.
    buyer = page_for(browser, live_server, buyer_user)
    page_checked(buyer, "/presale/", "line3-presale")
    page_checked(buyer, f"/presale/{offer.code}/", "line3-offer")
    buyer.get_by_label("Was möchten Sie kaufen?").select_option("hours")
    buyer.get_by_label("Anzahl Stunden").fill("10")
    # the price preview (server-rendered, asked for by htmx) shows the amount first
    buyer.locator("#price-preview").get_by_text("75.000,00 €").wait_for()
    buyer.locator("main form button.primary").click()
    buyer.wait_for_url("**/presale/purchases/*/")
    page_checked(buyer, None, "line3-purchase-pending")
    purchase = Purchase.objects.get(offer=offer)
    assert purchase.amount == Decimal("75000.00")
    assert purchase.reference in buyer.locator("main").inner_text()

    # Staff confirm the payment: number 1 in the order of sale, target reached.
    staff = page_for(browser, live_server, staff_user)
    page_checked(staff, f"/presale/{offer.code}/staff/", "line3-order-book")
    staff.get_by_role("button", name="Zahlung eingegangen").click()
    staff.wait_for_load_state("load")
    purchase.refresh_from_db()
    assert purchase.sequence == 1 and purchase.status == Purchase.Status.ACTIVE
    offer.refresh_from_db()
    assert offer.status == "funded"

    # Commissioning: the cluster is in operation from tomorrow 08:00.
    start = (timezone.localtime() + timedelta(days=1)).replace(
        hour=8, minute=0, second=0, microsecond=0
    )
    page_checked(staff, None)
    staff.get_by_label("In Betrieb ab").fill(_local(start))
    staff.get_by_label("Kapazitätskalender bis").fill(_local(start + timedelta(days=14)))
    staff.get_by_role("button", name="Cluster als in Betrieb erklären").click()
    staff.get_by_role("button", name="Slots jetzt zuteilen").wait_for()
    offer.refresh_from_db()
    assert offer.status == "commissioned"

    # The buyer asks for a 6-hour block in the first two days.
    page_checked(buyer, f"/presale/purchases/{purchase.pk}/")
    buyer.get_by_label("Frühester Beginn").fill(_local(start))
    buyer.get_by_label("Spätestes Ende").fill(_local(start + timedelta(days=2)))
    buyer.get_by_label("Blocklänge (Stunden)").fill("6")
    buyer.get_by_role("button", name="Anfrage senden").click()
    buyer.get_by_text("Ihre Slot-Anfrage ist registriert").wait_for()
    page_checked(buyer, None)

    # Staff run the allocation: the page says it is working, then shows the result.
    page_checked(staff, f"/presale/{offer.code}/staff/")
    held = []
    staff.route("**/allocate/", lambda route: held.append(route))
    button = staff.get_by_role("button", name="Slots jetzt zuteilen")
    button.click()
    busy = staff.locator("#run-busy")
    busy.wait_for(state="visible")
    assert busy.get_attribute("role") == "status"
    assert "Zuteilung läuft" in busy.inner_text()
    assert button.is_disabled(), "no second run while the first one works"
    page_checked(staff, None, "line3-allocation-running")
    held[0].continue_()
    result = staff.locator("#run-result")
    result.get_by_text("Zuteilung abgeschlossen").wait_for()
    assert result.get_attribute("role") == "status"
    assert busy.is_hidden() and button.is_enabled()
    staff.unroute("**/allocate/")
    page_checked(staff, None, "line3-allocation-done")

    # The buyer sees the allocated slot, with the reason, and confirms it.
    page_checked(buyer, "/presale/my/", "line3-my-slots")
    day = timezone.localtime(start).strftime("%d.%m.%Y")
    assert f"{day} 08:00" in buyer.locator("main").inner_text()
    page_checked(buyer, f"/presale/purchases/{purchase.pk}/", "line3-purchase-slots")
    buyer.get_by_role("button", name="Diese Slots bestätigen").click()
    buyer.wait_for_load_state("load")
    assert purchase.slots.filter(status="confirmed").count() == 1
    for page in (buyer, staff):
        page.context.close()
