"""Staff's pages: the list of tickets with its status filter, the detail page where
they answer (mailed to the sender, recorded on the ticket) and change the status.
Nobody else sees a ticket."""

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from kivoucher.core.audit import audit_history
from kivoucher.core.errors import Conflict, PermissionDenied
from kivoucher.core.home import home_items, nav_items
from kivoucher.core.roles import Role
from kivoucher.feedback import services
from kivoucher.feedback.models import FeedbackAnswer, FeedbackTicket
from tests.factories import OrganisationFactory, UserFactory, member_of
from tests.feedback.factories import ticket_report

pytestmark = pytest.mark.django_db

LIST = "/staff/feedback/"


def _detail(ticket) -> str:
    return f"/staff/feedback/{ticket.pk}/"


@pytest.fixture
def caseworker():
    return UserFactory(role=Role.CASEWORKER, first_name="Carla", last_name="Case")


def test_staff_see_open_tickets_and_filter_by_status(client_for, caseworker):
    new = ticket_report(page="/calls/")
    closed = ticket_report(page="/statistics/")
    services.ticket_transition(actor=caseworker, ticket=closed, to="closed")
    client = client_for(caseworker)

    default = client.get(LIST)
    assert default.status_code == 200
    assert [t.pk for t in default.context["tickets"]] == [new.pk]
    assert new.number in default.text and closed.number not in default.text
    only_closed = client.get(LIST + "?status=closed")
    assert [t.pk for t in only_closed.context["tickets"]] == [closed.pk]
    everything = client.get(LIST + "?status=all")
    assert {t.pk for t in everything.context["tickets"]} == {new.pk, closed.pk}
    assert list(client.get(LIST + "?status=nonsense").context["tickets"]) == []


def test_the_list_needs_the_same_queries_for_one_or_many_tickets(client_for, caseworker):
    client = client_for(caseworker)
    ticket_report()
    client.get(LIST)  # warm up the session
    with CaptureQueriesContext(connection) as one:
        client.get(LIST + "?status=all")
    for n in range(4):
        ticket_report(address=f"198.51.100.{n}")
    with CaptureQueriesContext(connection) as five:
        response = client.get(LIST + "?status=all")
    assert len(response.context["tickets"]) == 5
    assert len(five) == len(one)


def test_staff_answer_is_mailed_recorded_and_audited(
    client_for, caseworker, django_capture_on_commit_callbacks
):
    ticket = ticket_report()
    client = client_for(caseworker)
    page = client.get(_detail(ticket))
    assert page.status_code == 200
    assert "The table of calls cannot be read" in page.text
    assert "NVDA 2024.1" in page.text

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            _detail(ticket), {"text": "Wir haben die Tabelle mit Überschriften versehen."}
        )

    assert response.status_code == 302
    ticket.refresh_from_db()
    assert ticket.status == FeedbackTicket.Status.ANSWERED
    answer = FeedbackAnswer.objects.get()
    assert (answer.ticket, answer.author, answer.emailed) == (ticket, caseworker, True)
    [message] = mail.outbox
    assert message.to == ["erika@example.org"]
    assert ticket.number in message.subject
    assert "Wir haben die Tabelle mit Überschriften versehen." in message.body
    assert "schlichtungsstelle-bgg.de" in message.body
    [created, answered] = audit_history(ticket)
    assert (answered.action, answered.old_state, answered.new_state) == (
        "feedback.feedbackticket.answered",
        "new",
        "answered",
    )
    assert answered.actor == caseworker
    assert answered.data == {"answer": answer.pk, "emailed": True}
    # The answer is on the ticket's page.
    assert "Wir haben die Tabelle mit Überschriften versehen." in client.get(_detail(ticket)).text


def test_an_answer_without_an_address_is_recorded_only(
    caseworker, django_capture_on_commit_callbacks
):
    ticket = ticket_report(email="", name="")
    with django_capture_on_commit_callbacks(execute=True):
        answer = services.ticket_answer(actor=caseworker, ticket=ticket, text="Behoben.")
    assert answer.emailed is False
    assert mail.outbox == []
    assert ticket.status == FeedbackTicket.Status.ANSWERED


def test_the_status_goes_new_in_progress_closed_and_back(client_for, caseworker):
    ticket = ticket_report()
    client = client_for(caseworker)
    url = f"/staff/feedback/{ticket.pk}/status/"
    assert client.post(url, {"status": "in_progress"}).status_code == 302
    assert client.post(url, {"status": "closed", "reason": "doppelt"}).status_code == 302
    ticket.refresh_from_db()
    assert ticket.status == FeedbackTicket.Status.CLOSED
    history = [(e.action, e.new_state, e.reason) for e in audit_history(ticket)]
    assert history == [
        ("feedback.feedbackticket.new", "new", ""),
        ("feedback.feedbackticket.in_progress", "in_progress", ""),
        ("feedback.feedbackticket.closed", "closed", "doppelt"),
    ]
    # A closed ticket is answered only after it is opened again.
    with pytest.raises(Conflict):
        services.ticket_answer(actor=caseworker, ticket=ticket, text="Noch etwas.")
    services.ticket_transition(actor=caseworker, ticket=ticket, to="in_progress")
    services.ticket_answer(actor=caseworker, ticket=ticket, text="Noch etwas.")
    assert ticket.status == FeedbackTicket.Status.ANSWERED


def test_answered_is_reached_only_by_answering(client_for, caseworker):
    ticket = ticket_report()
    with pytest.raises(Conflict):
        services.ticket_transition(actor=caseworker, ticket=ticket, to="answered")
    response = client_for(caseworker).post(
        f"/staff/feedback/{ticket.pk}/status/", {"status": "answered"}, follow=True
    )
    assert response.status_code == 200
    ticket.refresh_from_db()
    assert ticket.status == FeedbackTicket.Status.NEW


def test_an_empty_answer_is_refused_on_the_form(client_for, caseworker):
    ticket = ticket_report()
    response = client_for(caseworker).post(_detail(ticket), {"text": "  "})
    assert response.status_code == 200
    assert 'class="error-summary"' in response.text
    assert not FeedbackAnswer.objects.exists()


def test_the_auditor_reads_but_does_not_answer(client_for):
    ticket = ticket_report()
    auditor = UserFactory(role=Role.AUDITOR)
    client = client_for(auditor)
    page = client.get(_detail(ticket))
    assert page.status_code == 200
    assert 'name="text"' not in page.text  # no answer form
    assert client.post(_detail(ticket), {"text": "Antwort"}).status_code == 403
    status = client.post(f"/staff/feedback/{ticket.pk}/status/", {"status": "closed"})
    assert status.status_code == 403
    with pytest.raises(PermissionDenied):
        services.ticket_answer(actor=auditor, ticket=ticket, text="Antwort")
    ticket.refresh_from_db()
    assert ticket.status == FeedbackTicket.Status.NEW and not FeedbackAnswer.objects.exists()


@pytest.mark.parametrize("role", [Role.APPLICANT, Role.BUYER, Role.PROVIDER])
def test_company_people_see_no_tickets(client_for, role):
    ticket = ticket_report()
    client = client_for(member_of(OrganisationFactory(), role=role))
    assert client.get(LIST).status_code == 404
    assert client.get(_detail(ticket)).status_code == 404
    assert client.post(_detail(ticket), {"text": "x"}).status_code == 404
    assert (
        client.post(f"/staff/feedback/{ticket.pk}/status/", {"status": "closed"}).status_code == 404
    )
    ticket.refresh_from_db()
    assert ticket.status == FeedbackTicket.Status.NEW


def test_anonymous_visitors_are_sent_to_sign_in():
    ticket = ticket_report()
    client = Client()
    for url in (LIST, _detail(ticket)):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
    response = client.post(f"/staff/feedback/{ticket.pk}/status/", {"status": "closed"})
    assert response.status_code == 302
    ticket.refresh_from_db()
    assert ticket.status == FeedbackTicket.Status.NEW


def test_staff_navigation_and_start_page(caseworker):
    assert "/staff/feedback/" in [item.url for item in nav_items(caseworker)]
    assert "/staff/feedback/" in [i.url for i in nav_items(UserFactory(role=Role.AUDITOR))]
    assert "/staff/feedback/" not in [
        item.url for item in nav_items(UserFactory(role=Role.APPLICANT))
    ]
    assert not [i for i in home_items(caseworker) if i.url.startswith("/staff/feedback/")]
    ticket_report()
    [item] = [i for i in home_items(caseworker) if i.url.startswith("/staff/feedback/")]
    assert item.count == 1


def test_the_admin_lists_tickets_read_only(client_for):
    ticket = ticket_report()
    admin = UserFactory(role=Role.PROGRAMME_ADMIN, is_staff=True, is_superuser=True)
    client = client_for(admin)
    page = client.get("/admin/feedback/feedbackticket/")
    assert page.status_code == 200 and ticket.number in page.text
    assert client.get("/admin/feedback/feedbackticket/add/").status_code == 403
