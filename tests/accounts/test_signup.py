"""Issue 15 item 1: sign-up with e-mail and password, mandatory verification through
the link in the mail a real SMTP server received, the gate before verification, no
account enumeration, rate limits."""

import pytest
from allauth.account.models import EmailAddress
from django.test import Client
from django.utils.translation import gettext, override

from kivoucher.accounts.models import Registration
from kivoucher.core.models import AuditEvent, User
from tests.accounts.conftest import link_in, mails_to
from tests.core.test_mail import body_of

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "Rapsfeld-Windrad-42"


def sign_up(client: Client, email: str, password: str = PASSWORD):
    return client.post(
        "/accounts/signup/", {"email": email, "password1": password, "password2": password}
    )


def test_sign_up_then_the_mail_link_confirms_and_signs_in(smtp):
    client = Client()
    page = client.get("/accounts/signup/")
    assert page.status_code == 200
    assert 'id="signup-form"' in page.text and 'for="id_email"' in page.text
    response = sign_up(client, "gruenderin@firma.example")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    user = User.objects.get(email="gruenderin@firma.example")
    assert Registration.objects.filter(user=user).exists()
    assert AuditEvent.objects.filter(action="user.signup", object_id=str(user.pk)).exists()
    # Not signed in before the address is confirmed.
    assert client.get("/home/").status_code == 302
    [mail] = mails_to(smtp, "gruenderin@firma.example")
    with override("de"):
        assert mail["Subject"].strip() == "[KI-Voucher] " + gettext(
            "Please confirm your e-mail address"
        )
        assert gettext("Your KI-Voucher team") in body_of(mail)
    path = link_in(mail, "/accounts/confirm-email/")
    confirm = client.get(path)
    assert confirm.status_code == 200 and 'id="confirm-email-form"' in confirm.text
    done = client.post(path)
    assert done.status_code == 302
    assert EmailAddress.objects.get(user=user).verified
    assert client.get("/home/").status_code == 200


def test_the_password_validators_apply():
    client = Client()
    response = sign_up(client, "kurz@firma.example", password="abc")
    assert response.status_code == 200 and 'role="alert"' in response.text
    assert not User.objects.filter(email="kurz@firma.example").exists()


def test_unconfirmed_people_cannot_sign_in_and_get_a_new_link(smtp):
    client = Client()
    sign_up(client, "wartend@firma.example")
    smtp.messages.clear()
    client.cookies.clear()
    with override("de"):
        response = client.post(
            "/accounts/login/",
            {"username": "wartend@firma.example", "password": PASSWORD},
            HTTP_ACCEPT_LANGUAGE="de",
        )
        expected = gettext(
            "Please confirm your e-mail address first. We have sent you a new link; it "
            "may take a few minutes to arrive."
        )
    assert response.status_code == 200
    assert expected in response.text
    assert "_auth_user_id" not in client.session
    assert client.get("/home/").status_code == 302


def test_a_session_of_an_unconfirmed_person_sees_only_the_start_and_account_pages():
    client = Client()
    sign_up(client, "sitzung@firma.example")
    user = User.objects.get(email="sitzung@firma.example")
    client.force_login(user)
    assert client.get("/").status_code == 200
    held = client.get("/home/")
    assert held.status_code == 302 and held["Location"] == "/accounts/email/"
    assert client.get("/accounts/email/").status_code == 200
    assert client.get("/api/v1/me").status_code in (401, 403)
    # Once confirmed (here: as the link would), the next sign-in is free.
    EmailAddress.objects.filter(user=user).update(verified=True)
    client.force_login(user)
    assert client.get("/home/").status_code == 200


def test_accounts_without_a_sign_up_are_not_held_back(user_factory):
    """Accounts made by staff, the demo data or the test factories have no sign-up
    record: they are never held at the start page."""
    user = user_factory()
    EmailAddress.objects.create(user=user, email=user.email, verified=False, primary=True)
    client = Client()
    client.force_login(user)
    assert client.get("/home/").status_code == 200


def test_sign_up_with_a_known_address_answers_the_same_and_tells_the_owner(smtp, user_factory):
    known = user_factory(email="bekannt@firma.example")
    EmailAddress.objects.create(user=known, email=known.email, verified=True, primary=True)
    first = sign_up(Client(), "bekannt@firma.example")
    second = sign_up(Client(), "unbekannt@firma.example")
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert User.objects.filter(email__iexact="bekannt@firma.example").count() == 1
    # The owner of the known address learns of the attempt, nobody else does.
    [told] = mails_to(smtp, "bekannt@firma.example")
    assert "/accounts/confirm-email/" not in body_of(told)


def test_sign_ups_are_rate_limited_per_client(smtp):
    client = Client()
    statuses = [sign_up(client, f"massen{n}@firma.example").status_code for n in range(11)]
    assert statuses[:10] == [302] * 10
    assert statuses[10] == 429
    assert User.objects.filter(email__startswith="massen").count() == 10


def test_an_invitation_link_survives_sign_up_and_verification(smtp):
    """An invitee without an account is sent to the sign-up with `next`; after the
    confirmation they land on the invitation again, signed in."""
    target = "/organisation/?invitation=abc"
    client = Client()
    page = client.get("/accounts/signup/", {"next": target})
    assert 'name="next"' in page.text
    response = client.post(
        "/accounts/signup/",
        {
            "email": "eingeladen@firma.example",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "next": target,
        },
    )
    assert response.status_code == 302
    [mail] = mails_to(smtp, "eingeladen@firma.example")
    done = client.post(link_in(mail, "/accounts/confirm-email/"))
    assert done.status_code == 302 and done["Location"] == target


def test_the_sign_in_page_passes_next_on_to_the_sign_up():
    page = Client().get("/accounts/login/", {"next": "/organisation/"})
    assert 'href="/accounts/signup/?next=/organisation/"' in page.text
    assert 'id="forgot-password"' in page.text


def test_the_verification_mail_waits_while_smtp_is_down_and_leaves_later():
    """allauth's mails go through the platform's outbox: kept and retried, not lost."""
    from kivoucher.core.mail import mails_send_due
    from kivoucher.core.models import OutgoingMail
    from tests.core.test_mail import SmtpServer, free_port, smtp_settings

    port = free_port()  # nobody listens here yet
    with smtp_settings(port):
        response = sign_up(Client(), "geduldig@firma.example")
        assert response.status_code == 302
        stored = OutgoingMail.objects.get(to=["geduldig@firma.example"])
        assert stored.status == OutgoingMail.Status.PENDING and stored.attempts == 1
        with SmtpServer(port) as server:
            assert mails_send_due(now=stored.next_attempt_at) == 1
            [mail] = server.messages
    client = Client()
    assert client.post(link_in(mail, "/accounts/confirm-email/")).status_code == 302
    assert EmailAddress.objects.get(email="geduldig@firma.example").verified
