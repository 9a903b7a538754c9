"""The accessibility feedback form with the keyboard alone, and its pages checked
with axe-core (1280 and 375 px): a visitor reports a barrier without signing in and
gets the ticket number; staff read the list and the ticket."""

import pytest

from kivoucher.core.roles import Role
from kivoucher.feedback import spam
from kivoucher.feedback.models import FeedbackTicket
from tests.browser.helpers import page_checked, sign_in
from tests.factories import UserFactory
from tests.feedback.factories import ticket_report

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FOCUSED_ID = "() => document.activeElement ? document.activeElement.id : ''"
FOCUSED_SUBMIT = "() => document.activeElement.matches('main form [type=submit]')"


def _tab_to(page, element_id: str, limit: int = 60) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(FOCUSED_ID) == element_id:
            return
    raise AssertionError(f"#{element_id} is not reached with Tab")


def test_a_visitor_reports_a_barrier_with_the_keyboard_only(page, monkeypatch):
    # The live server runs in this process: the form may be sent back at once here
    # (the time stamp's bounds are tested in tests/feedback/test_report.py).
    monkeypatch.setattr(spam, "FORM_MIN_SECONDS", 0)
    page_checked(page, "/barrierefreiheit/feedback/", "feedback-form")

    _tab_to(page, "id_page")
    page.keyboard.type("/statistics/")
    stops = []
    for text in (
        "Die Karte der Länder hat keinen Textersatz.",
        "NVDA mit Firefox",
        "Erika Muster",
        "erika@example.org",
    ):
        page.keyboard.press("Tab")
        stops.append(page.evaluate(FOCUSED_ID))
        page.keyboard.type(text)
    assert stops == ["id_description", "id_assistive_technology", "id_name", "id_email"]
    # The next stop is the submit button: the honeypot is never reached.
    page.keyboard.press("Tab")
    assert page.evaluate(FOCUSED_SUBMIT), page.evaluate(FOCUSED_ID)
    with page.expect_navigation():
        page.keyboard.press("Enter")

    ticket = FeedbackTicket.objects.get()
    assert ticket.description == "Die Karte der Länder hat keinen Textersatz."
    assert (ticket.page, ticket.email) == ("/statistics/", "erika@example.org")
    page_checked(page, None)
    assert ticket.number in page.locator("main").inner_text()


def test_staff_pages_of_the_tickets(page):
    ticket = ticket_report(page="/calls/")
    ticket_report(page="/statistics/", email="", name="")
    sign_in(page, UserFactory(role=Role.CASEWORKER))
    page_checked(page, "/staff/feedback/", "feedback-tickets")
    assert ticket.number in page.locator("main").inner_text()
    page_checked(page, f"/staff/feedback/{ticket.pk}/")
    assert "The table of calls cannot be read" in page.locator("main").inner_text()
