"""The senders' personal data is anonymised by the retention job; the report stays."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from kivoucher.core.audit import audit_history, audit_verify
from kivoucher.core.roles import Role
from kivoucher.feedback import services
from kivoucher.feedback.models import FeedbackTicket
from kivoucher.organizations.gdpr import personal_data_anonymise
from tests.factories import UserFactory
from tests.feedback.factories import ticket_report

pytestmark = pytest.mark.django_db


def _age(ticket, days: int) -> None:
    then = timezone.now() - timedelta(days=days)
    FeedbackTicket.objects.filter(pk=ticket.pk).update(created_at=then, updated_at=then)


def test_old_tickets_lose_their_sender_and_keep_the_report(settings):
    settings.KIVOUCHER_FEEDBACK_RETENTION_DAYS = 365
    old = ticket_report(name="Otto Alt", email="otto@example.org")
    services.ticket_answer(
        actor=UserFactory(role=Role.CASEWORKER), ticket=old, text="Die Barriere ist behoben."
    )
    _age(old, 400)
    recent = ticket_report(name="Nina Neu", email="nina@example.org", address="192.0.2.77")
    _age(recent, 2)

    result = personal_data_anonymise()

    assert result.others == {"feedback tickets": 1}
    old.refresh_from_db()
    assert (old.name, old.email, old.client_hash) == ("", "", "")
    assert old.anonymised_at is not None
    assert old.description.startswith("The table of calls")  # the report stays
    assert old.answers.get().text == "Die Barriere ist behoben."
    assert audit_history(old).last().action == "feedback.ticket.anonymise"
    recent.refresh_from_db()
    assert (recent.name, recent.email) == ("Nina Neu", "nina@example.org")
    # The rate limit's hash is kept a day only, also for recent tickets.
    assert recent.client_hash == "" and recent.anonymised_at is None
    assert audit_verify().ok
    # A second run finds nothing more.
    assert personal_data_anonymise().others == {}


def test_a_ticket_within_the_day_keeps_its_client_hash(settings):
    ticket = ticket_report()
    personal_data_anonymise()
    ticket.refresh_from_db()
    assert ticket.client_hash != "" and ticket.email == "erika@example.org"


def test_the_command_reports_the_tickets():
    ticket = ticket_report()
    _age(ticket, 20)
    out = io.StringIO()
    call_command("anonymise_personal_data", retention_days=10, stdout=out)
    assert "1 feedback tickets" in out.getvalue()
    ticket.refresh_from_db()
    assert ticket.email == ""
