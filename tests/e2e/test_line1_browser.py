"""The applicant's form in a real browser (Chromium via Playwright): the error summary
for bad input, the saved draft with its eligibility table, and submission."""

import pytest
from playwright.sync_api import sync_playwright

from tests.applications.factories import make_world

CHROMIUM = "/usr/bin/chromium"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def page(monkeypatch):
    # Playwright's sync API runs an event loop in this thread; the ORM calls of the
    # test itself are still synchronous.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page(locale="de-DE")
        page.set_default_timeout(10000)
        yield page
        browser.close()


def test_applicant_drafts_checks_and_submits_in_the_browser(live_server, page):
    w = make_world()
    w.applicant.set_password("pw-browser-1")
    w.applicant.save()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", w.applicant.username)
    page.fill("input[name=password]", "pw-browser-1")
    page.click("main form [type=submit]")
    page.wait_for_url("**/home/")
    page.goto(f"{live_server.url}/applications/new/")
    page.select_option("select[name=call]", str(w.call.pk))
    page.fill("input[name=title]", "Sichtprüfung mit KI")
    page.fill(
        "textarea[name=description]",
        "Ein Prototyp erkennt Oberflächenfehler an Drehteilen automatisch.",
    )
    page.fill("input[name=planned_costs]", "40.000,005")
    page.click("form.form button[type=submit]")
    summary = page.wait_for_selector(".error-summary")
    assert "zwei Nachkommastellen" in summary.inner_text()
    assert page.locator(".error-summary a[href='#id_planned_costs']").count() == 1
    page.fill("input[name=planned_costs]", "40.000,00")
    page.select_option("select[name=category]", str(w.category.pk))
    page.select_option("select[name=provider]", str(w.provider.pk))
    from datetime import timedelta

    from django.utils import timezone

    today = timezone.localdate()
    page.fill("input[name=planned_start]", (today + timedelta(days=30)).isoformat())
    page.fill("input[name=planned_end]", (today + timedelta(days=200)).isoformat())
    page.check("input[name=sme_declared]")
    page.check("input[name=not_in_difficulty]")
    page.check("input[name=de_minimis_declared]")
    page.check("input[name=has_ties][value=no]")
    page.click("form.form button[type=submit]")
    page.wait_for_url("**/applications/*/")
    page.wait_for_selector("table.rules")
    assert "Alle Voraussetzungen sind erfüllt." in page.inner_text("main")
    page.click("text=Antrag einreichen")
    page.wait_for_selector(".message")
    assert "Ihr Antrag ist eingereicht." in page.inner_text("main")
    assert "eingereicht" in page.inner_text(".badge")
