"""The approver's release queue in a real browser (issue 16, item 3): a caseworker
prepared a payout (accepting a proof of use); the caseworker sees that a second person
must release it; the approver releases it, and sees their own payout refused."""

import pytest

from tests.browser.flows import page_for
from tests.browser.helpers import page_checked
from tests.payments.world import payout_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _row(page, payout):
    return page.locator(f'#release-queue tr[data-payout="{payout.pk}"]')


def test_the_approver_releases_what_the_caseworker_prepared(browser, live_server):
    w = payout_world()
    prepared = w.payout(1, amount="30400.00")
    own = w.payout(2, amount="5000.00", org=1, actor="approver")

    caseworker = page_for(browser, live_server, w.caseworker)
    page_checked(caseworker, "/payments/payouts/")
    row = _row(caseworker, prepared)
    assert row.locator(".release-refused").count() == 1
    assert row.locator("form[action$='/release/']").count() == 0

    approver = page_for(browser, live_server, w.approver)
    page_checked(approver, "/payments/payouts/", "payout-release-queue")
    assert "30.400,00" in _row(approver, prepared).inner_text()
    assert _row(approver, own).locator(".release-refused").count() == 1
    assert _row(approver, own).locator("form[action$='/release/']").count() == 0
    _row(approver, prepared).locator("form[action$='/release/'] button").click()
    approver.wait_for_load_state()
    page_checked(approver, None)
    assert _row(approver, prepared).count() == 0
    assert approver.locator(f'#released tr[data-payout="{prepared.pk}"]').count() == 1
    prepared.refresh_from_db()
    own.refresh_from_db()
    assert (prepared.status, prepared.released_by) == ("released", w.approver)
    assert own.status == "prepared"
