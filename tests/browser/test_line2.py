"""Line II (compute voucher) in a real browser: a data centre posts usage through
the API with its bearer token (real HTTP against the live server), and the
company sees it on its voucher's usage chart; the data centre sees its vouchers.
Every page is checked with axe-core and photographed at 375 px and desktop."""

from datetime import timedelta

import pytest
from django.utils import timezone

from kivoucher.core.roles import Role
from kivoucher.core.tokens import api_token_create
from tests.browser.flows import page_for
from tests.browser.helpers import page_checked
from tests.compute.factories import issue, make_data_centre, operator_of
from tests.factories import OrganisationFactory, UserFactory, member_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_line2_usage_posted_by_the_data_centre_appears_on_the_company_chart(browser, live_server):
    dc = make_data_centre("rz-frankfurt")
    company = OrganisationFactory(name="Bildwerk KI GmbH")
    applicant = member_of(company, role=Role.APPLICANT)
    voucher = issue(dc, company=company)
    _token, key = api_token_create(user=operator_of(dc), name="slurm-bridge")

    company_page = page_for(browser, live_server, applicant)
    page_checked(company_page, "/compute/", "line2-overview")
    company_page.get_by_role("link", name=voucher.code).first.click()
    page_checked(company_page, None)
    assert "Noch keine Nutzung" in company_page.locator("figure svg").text_content()

    # The data centre's accounting bridge posts two days of H100 usage.
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    records = [
        {
            "id": f"job-{n}",
            "voucher": voucher.code,
            "resource": "h100-80gb",
            "quantity": quantity,
            "start": (now - timedelta(days=days, hours=10)).isoformat(),
            "end": (now - timedelta(days=days)).isoformat(),
        }
        for n, (days, quantity) in enumerate([(2, "40"), (1, "12.5")])
    ]
    api = company_page.context.request
    response = api.post(
        live_server.url + "/api/v1/compute/usage",
        data={"records": records},
        headers={"Authorization": f"Bearer {key}"},
    )
    assert response.status == 200, response.text()
    results = response.json()["results"]
    assert [r["status"] for r in results] == ["accepted", "accepted"]
    assert [r["charged"] for r in results] == ["100.00", "31.25"]
    # The company's session is not a data-centre token: the usage API refuses it.
    assert api.post(live_server.url + "/api/v1/compute/usage", data={"records": []}).status in (
        401,
        403,
    )

    company_page.reload()
    page_checked(company_page, None, "line2-usage-chart")
    chart = company_page.locator("figure svg")
    assert chart.get_attribute("role") == "img"
    assert chart.locator("rect title").count() == 2  # one bar per day
    bars = chart.locator("rect title").all_text_contents()
    assert any("100,00" in bar for bar in bars) and any("31,25" in bar for bar in bars)
    text = company_page.locator("main").inner_text()
    assert "49868,75" in text.replace(".", "")  # the balance: 50,000 - 131.25
    assert "job-0" in text and "job-1" in text

    # The data centre's operator sees the voucher with its balance.
    operator = page_for(browser, live_server, operator_of(dc))
    page_checked(operator, f"/compute/data-centres/{dc.code}/", "line2-data-centre")
    assert voucher.code in operator.locator("main").inner_text()

    # A caseworker settles the period with the data centre: the statement is built
    # from the metered usage while the page says so, then it is shown.
    caseworker = page_for(browser, live_server, UserFactory(role=Role.CASEWORKER))
    page_checked(caseworker, f"/compute/data-centres/{dc.code}/")
    yesterday = timezone.localdate() - timedelta(days=1)
    caseworker.get_by_label("Von").fill((yesterday - timedelta(days=6)).isoformat())
    caseworker.get_by_label("Bis (einschließlich)").fill(yesterday.isoformat())
    held = []
    caseworker.route(f"**/compute/data-centres/{dc.code}/", lambda route: held.append(route))
    caseworker.get_by_role("button", name="Abrechnung erstellen").click()
    busy = caseworker.locator("#statement-busy")
    busy.wait_for(state="visible")
    assert busy.get_attribute("role") == "status" and busy.inner_text().strip()
    held[0].continue_()
    caseworker.wait_for_url("**/compute/statements/*/")
    caseworker.unroute(f"**/compute/data-centres/{dc.code}/")
    page_checked(caseworker, None, "line2-settlement-statement")
    assert "job-0" in caseworker.locator("main").inner_text()
    for page in (company_page, operator, caseworker):
        page.context.close()
