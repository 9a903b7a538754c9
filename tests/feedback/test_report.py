"""The public feedback form: a report becomes a ticket; honeypot, time stamp and
rate limit keep programs out without losing a person's report."""

import time
from urllib.parse import parse_qs, urlparse

import pytest
from django.core import mail
from django.test import Client

from kivoucher.core.audit import audit_history
from kivoucher.core.models import AuditEvent
from kivoucher.feedback import services, spam
from kivoucher.feedback.models import FeedbackTicket
from tests.feedback.factories import ticket_report

pytestmark = pytest.mark.django_db

URL = "/barrierefreiheit/feedback/"
A_MINUTE_AGO = 60


def _form(**overrides) -> dict:
    data = {
        "page": "https://ki-voucher.example/statistics/",
        "description": "Die Karte hat keinen Textersatz.\nIch nutze einen Screenreader.",
        "name": "Erika Muster",
        "email": "erika@example.org",
        "assistive_technology": "JAWS 2024",
        "website": "",
        "stamp": spam.form_stamp(now=time.time() - A_MINUTE_AGO),
    }
    return data | overrides


def _post(client, data, capture):
    with capture(execute=True):
        return client.post(URL, data)


def test_the_form_is_public_and_carries_a_stamp_and_a_hidden_honeypot(client):
    page = client.get(URL + "?page=/statistics/")
    assert page.status_code == 200
    html = page.text
    assert 'name="stamp"' in html
    assert (
        spam.form_stamp_problem(page.context["form"]["stamp"].value(), now=time.time() + 10) is None
    )
    # The honeypot is inside an element nobody sees; the visible fields exclude it.
    assert "<div hidden>" in html and 'name="website"' in html
    assert "website" not in [f.name for f in page.context["form"].visible_fields()]
    assert 'value="/statistics/"' in html  # the page is filled in from the link


def test_a_report_becomes_a_ticket_with_audit_event_and_acknowledgement(
    client, django_capture_on_commit_callbacks
):
    response = _post(client, _form(), django_capture_on_commit_callbacks)

    assert response.status_code == 302
    ticket = FeedbackTicket.objects.get()
    assert ticket.status == FeedbackTicket.Status.NEW
    assert (ticket.page, ticket.name, ticket.email) == (
        "https://ki-voucher.example/statistics/",
        "Erika Muster",
        "erika@example.org",
    )
    assert ticket.language == "de"
    # Not the address itself: a keyed hash of it.
    assert ticket.client_hash == spam.client_hash("127.0.0.1")
    assert "127.0.0.1" not in ticket.client_hash
    [event] = audit_history(ticket)
    assert (event.action, event.new_state, event.actor_label) == (
        "feedback.feedbackticket.new",
        "new",
        services.PUBLIC_ACTOR,
    )
    assert event.data == {"acknowledged": True}
    [message] = mail.outbox
    assert message.to == ["erika@example.org"]
    assert ticket.number in message.subject
    assert message.subject.startswith("Ihre Rückmeldung zur Barrierefreiheit")
    assert "Die Karte hat keinen Textersatz." in message.body
    # The thank-you page shows the number.
    thanks = client.get(response["Location"])
    assert thanks.status_code == 200
    assert ticket.number in thanks.text
    assert "Bestätigung" in thanks.text


def test_the_acknowledgement_is_written_in_the_language_of_the_form(
    client, django_capture_on_commit_callbacks
):
    client.cookies["django_language"] = "en"
    _post(client, _form(), django_capture_on_commit_callbacks)
    assert FeedbackTicket.objects.get().language == "en"
    assert mail.outbox[0].subject.startswith("Your feedback on accessibility")


def test_without_an_address_the_ticket_is_stored_and_nobody_is_mailed(
    client, django_capture_on_commit_callbacks
):
    response = _post(client, _form(email="", name=""), django_capture_on_commit_callbacks)
    ticket = FeedbackTicket.objects.get()
    assert ticket.email == ""
    assert mail.outbox == []
    assert audit_history(ticket).get().data == {"acknowledged": False}
    thanks = client.get(response["Location"])
    assert ticket.number in thanks.text
    assert "keine E-Mail-Adresse" in thanks.text


def test_a_required_field_missing_shows_the_form_again(client):
    response = client.post(URL, _form(description=""))
    assert response.status_code == 200
    assert 'class="error-summary"' in response.text
    assert not FeedbackTicket.objects.exists()


def test_the_honeypot_gets_a_normal_answer_and_nothing_is_stored(
    client, django_capture_on_commit_callbacks
):
    before = AuditEvent.objects.count()
    response = _post(
        client, _form(website="https://spam.example/"), django_capture_on_commit_callbacks
    )
    assert response.status_code == 302
    assert urlparse(response["Location"]).path == "/barrierefreiheit/feedback/danke/"
    assert not FeedbackTicket.objects.exists()
    assert mail.outbox == []
    assert AuditEvent.objects.count() == before
    # The bot's thank-you page looks like a person's, without a number.
    thanks = client.get(response["Location"])
    assert thanks.status_code == 200 and "BF-" not in thanks.text


@pytest.mark.parametrize(
    ("seconds_ago", "message"),
    [
        (0, "innerhalb von Sekunden"),  # sent back at once: a program
        (spam.FORM_MAX_SECONDS + 60, "länger als einen Tag"),  # left open for too long
    ],
)
def test_a_stamp_too_fresh_or_too_old_shows_the_form_again_with_the_text(
    client, seconds_ago, message
):
    old_stamp = spam.form_stamp(now=time.time() - seconds_ago)
    response = client.post(URL, _form(stamp=old_stamp))
    assert response.status_code == 200
    assert message in response.text
    assert not FeedbackTicket.objects.exists()
    # Nothing is lost: the text is still there, with a fresh stamp to send it again.
    assert "Die Karte hat keinen Textersatz." in response.text
    # (an expired stamp would stay expired; the new one is good in a few seconds)
    new_stamp = response.context["form"]["stamp"].value()
    assert spam.form_stamp_problem(new_stamp, now=time.time() + 10) is None


def test_a_forged_or_missing_stamp_is_refused(client):
    for stamp in ("", "1700000000", spam.form_stamp(now=0) + "x"):
        response = client.post(URL, _form(stamp=stamp))
        assert response.status_code == 200
        assert "konnte nicht geprüft werden" in response.text
    assert not FeedbackTicket.objects.exists()


def test_the_stamp_bounds():
    now = 1_000_000.0
    stamp = spam.form_stamp(now=now)
    assert spam.form_stamp_problem(stamp, now=now + spam.FORM_MIN_SECONDS - 1) == spam.TOO_FAST
    assert spam.form_stamp_problem(stamp, now=now + spam.FORM_MIN_SECONDS) is None
    assert spam.form_stamp_problem(stamp, now=now + spam.FORM_MAX_SECONDS) is None
    assert spam.form_stamp_problem(stamp, now=now + spam.FORM_MAX_SECONDS + 1) == spam.EXPIRED
    # A stamp from the future (a clock set back) is not accepted either.
    assert spam.form_stamp_problem(stamp, now=now - 5) == spam.TOO_FAST


def test_the_client_hash_is_keyed_and_stable():
    assert spam.client_hash("192.0.2.1") == spam.client_hash("192.0.2.1")
    assert spam.client_hash("192.0.2.1") != spam.client_hash("192.0.2.2")
    assert len(spam.client_hash(None)) == 64


def test_the_rate_limit_per_client_answers_429_and_stores_nothing(
    client, django_capture_on_commit_callbacks
):
    for n in range(services.REPORTS_PER_CLIENT):
        ticket_report(address="127.0.0.1", email=f"person{n}@example.org")
    response = _post(client, _form(), django_capture_on_commit_callbacks)
    assert response.status_code == 429
    assert response["Retry-After"] == "3600"
    assert "in einer Stunde" in response.text
    assert "Die Karte hat keinen Textersatz." in response.text  # the text is kept
    assert FeedbackTicket.objects.count() == services.REPORTS_PER_CLIENT
    assert mail.outbox == []
    # Another client is not affected.
    other = Client(REMOTE_ADDR="198.51.100.7")
    assert _post(other, _form(), django_capture_on_commit_callbacks).status_code == 302


def test_the_rate_limit_per_email_address(client, django_capture_on_commit_callbacks):
    for n in range(services.REPORTS_PER_EMAIL):
        ticket_report(address=f"192.0.2.{n}", email="Erika@Example.org")
    response = _post(client, _form(), django_capture_on_commit_callbacks)
    assert response.status_code == 429
    assert FeedbackTicket.objects.count() == services.REPORTS_PER_EMAIL


def test_the_rate_limit_counts_only_the_last_hour():
    from datetime import timedelta

    from django.utils import timezone

    for _n in range(services.REPORTS_PER_CLIENT):
        ticket_report(address="192.0.2.99")
    later = timezone.now() + services.RATE_WINDOW + timedelta(seconds=1)
    ticket = services.ticket_create(
        page="/",
        description="Kontrast zu schwach",
        language="de",
        client_hash=spam.client_hash("192.0.2.99"),
        now=later,
    )
    assert ticket.pk is not None
    with pytest.raises(services.TooManyReports):
        services.ticket_create(
            page="/",
            description="Kontrast zu schwach",
            language="de",
            client_hash=spam.client_hash("192.0.2.99"),
        )


def test_the_thank_you_link_cannot_be_forged(client):
    response = client.get("/barrierefreiheit/feedback/danke/?t=eyJudW1iZXIiOiJCRi0xIn0:x:y")
    assert response.status_code == 200
    assert "BF-" not in response.text


def test_the_thank_you_link_names_the_ticket(client, django_capture_on_commit_callbacks):
    response = _post(client, _form(), django_capture_on_commit_callbacks)
    token = parse_qs(urlparse(response["Location"]).query)["t"][0]
    ticket = FeedbackTicket.objects.get()
    assert ticket.number == f"BF-{ticket.created_at.year}-{ticket.pk:05d}"
    assert ticket.number in client.get(f"/barrierefreiheit/feedback/danke/?t={token}").text


def test_a_signed_in_person_finds_name_and_address_filled_in(client_for, user_factory):
    user = user_factory(first_name="Erika", last_name="Muster", email="erika@firma.example")
    form = client_for(user).get(URL).context["form"]
    assert (form["name"].value(), form["email"].value()) == ("Erika Muster", "erika@firma.example")


def test_a_signed_in_reporter_is_named_in_the_audit_log(
    client_for, user_factory, django_capture_on_commit_callbacks
):
    user = user_factory()
    _post(client_for(user), _form(), django_capture_on_commit_callbacks)
    assert audit_history(FeedbackTicket.objects.get()).get().actor == user
