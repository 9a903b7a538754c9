"""Issue 15 item 1: password reset by an expiring, single-use mail link; no
enumeration; rate limits; change of password; change of e-mail (the new address
confirmed before it counts); sign-in by user name or e-mail address."""

import re
import time

import pytest
from allauth.account.models import EmailAddress
from django.test import Client
from django.utils.translation import gettext, override

from kivoucher.core.models import User
from tests.accounts.conftest import link_in, mails_to
from tests.core.test_mail import body_of

pytestmark = pytest.mark.django_db(transaction=True)

NEW_PASSWORD = "Mohnblume-Dynamo-77"


@pytest.fixture
def person(user_factory):
    user = user_factory(username="erika", email="erika@firma.example")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def without_csrf(text: str) -> str:
    text = re.sub(r'"X-CSRFToken": "[^"]+"', "", text)
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", text)


def reset_link(client: Client, smtp, email: str) -> str:
    response = client.post("/accounts/password/reset/", {"email": email})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/password/reset/done/"
    [mail] = mails_to(smtp, email)
    return link_in(mail, "/accounts/password/reset/key/")


def choose_password(client: Client, path: str, password: str = NEW_PASSWORD):
    page = client.get(path, follow=True)
    assert page.status_code == 200
    form_path = page.redirect_chain[-1][0] if page.redirect_chain else path
    return page, client.post(form_path, {"password1": password, "password2": password})


def test_password_reset_through_the_mail_link_then_the_link_is_used_up(smtp, person):
    client = Client()
    path = reset_link(client, smtp, "erika@firma.example")
    with override("de"):
        [mail] = mails_to(smtp, "erika@firma.example")
        assert mail["Subject"].strip() == "[KI-Voucher] " + gettext("Reset your password")
        assert "erika" in body_of(mail)
    page, done = choose_password(client, path)
    assert 'id="password-reset-key-form"' in page.text
    assert done.status_code == 302
    person.refresh_from_db()
    assert person.check_password(NEW_PASSWORD)
    # The new password signs in, by user name and by e-mail address.
    for login in ("erika", "erika@firma.example"):
        signed_in = Client().post("/accounts/login/", {"username": login, "password": NEW_PASSWORD})
        assert signed_in.status_code == 302, login
    # The same link again: refused with a clear message, nothing changes.
    again = Client()
    with override("de"):
        refused = again.get(path, follow=True, HTTP_ACCEPT_LANGUAGE="de")
        assert gettext("This link has expired or has already been used.") in refused.text
    assert 'id="password-reset-key-form"' not in refused.text
    person.refresh_from_db()
    assert person.check_password(NEW_PASSWORD)


def test_an_expired_reset_link_is_refused(smtp, person, settings):
    client = Client()
    path = reset_link(client, smtp, "erika@firma.example")
    settings.PASSWORD_RESET_TIMEOUT = 0
    time.sleep(1.1)
    with override("de"):
        page = client.get(path, follow=True, HTTP_ACCEPT_LANGUAGE="de")
        assert gettext("This link has expired or has already been used.") in page.text
    response = client.post(
        path, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}, follow=True
    )
    assert response.status_code == 200
    person.refresh_from_db()
    assert person.check_password("pw")


def test_reset_answers_the_same_for_known_and_unknown_addresses(smtp, person):
    known = Client().post("/accounts/password/reset/", {"email": "erika@firma.example"})
    unknown = Client().post("/accounts/password/reset/", {"email": "niemand@firma.example"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    done_known = without_csrf(Client().get(known["Location"]).text)
    done_unknown = without_csrf(Client().get(unknown["Location"]).text)
    assert done_known == done_unknown and 'id="reset-sent"' in done_known
    # The unknown address is told there is no account (no link to reset anything).
    [told] = mails_to(smtp, "niemand@firma.example")
    assert "/accounts/password/reset/key/" not in body_of(told)


def test_reset_mails_to_one_address_are_rate_limited(smtp, person):
    statuses = []
    for n in range(5):
        client = Client(REMOTE_ADDR=f"10.0.0.{n + 1}")  # different clients, one address
        statuses.append(
            client.post("/accounts/password/reset/", {"email": "erika@firma.example"}).status_code
        )
    assert len(mails_to(smtp, "erika@firma.example")) == 3
    assert statuses[:3] == [302, 302, 302]
    assert all(status in (200, 429) for status in statuses[3:])


def test_change_of_password_needs_the_old_one_and_tells_the_person(smtp, person):
    client = Client()
    client.force_login(person)
    page = client.get("/accounts/password/change/")
    assert page.status_code == 200 and 'id="password-change-form"' in page.text
    wrong = client.post(
        "/accounts/password/change/",
        {"oldpassword": "falsch", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert wrong.status_code == 200
    person.refresh_from_db()
    assert person.check_password("pw")
    ok = client.post(
        "/accounts/password/change/",
        {"oldpassword": "pw", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert ok.status_code == 302
    person.refresh_from_db()
    assert person.check_password(NEW_PASSWORD)
    assert client.get("/home/").status_code == 200  # still signed in
    assert mails_to(smtp, "erika@firma.example")  # told of the change


def test_a_new_email_address_counts_only_once_confirmed(smtp, person):
    client = Client()
    client.force_login(person)
    response = client.post(
        "/accounts/email/", {"email": "erika.neu@firma.example", "action_add": ""}
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.email == "erika@firma.example"  # unchanged until confirmed
    pending = EmailAddress.objects.get(email="erika.neu@firma.example")
    assert not pending.verified
    page = client.get("/accounts/email/")
    assert 'id="pending-email"' in page.text
    [mail] = mails_to(smtp, "erika.neu@firma.example")
    path = link_in(mail, "/accounts/confirm-email/")
    # Another person's session cannot confirm it for them... the link is the proof:
    assert client.post(path).status_code == 302
    person.refresh_from_db()
    assert person.email == "erika.neu@firma.example"
    assert list(EmailAddress.objects.filter(user=person).values_list("email", "verified")) == [
        ("erika.neu@firma.example", True)
    ]
    # The old address is told of the change.
    assert mails_to(smtp, "erika@firma.example")


def test_a_forged_confirmation_key_is_refused(person):
    client = Client()
    with override("de"):
        page = client.get("/accounts/confirm-email/bogus-key/", HTTP_ACCEPT_LANGUAGE="de")
        assert page.status_code == 200
        assert gettext("This link has expired or is not valid.") in page.text


def test_demo_accounts_sign_in_by_user_name_and_have_confirmed_addresses():
    from kivoucher.core import demo

    ctx: dict = {}
    demo.load(ctx)
    for username in demo.DEMO_USERS:
        user = User.objects.get(username=username)
        assert EmailAddress.objects.filter(user=user, verified=True, primary=True).exists()
        response = Client().post(
            "/accounts/login/", {"username": username, "password": demo.demo_password(username)}
        )
        assert response.status_code == 302, username


def test_directory_accounts_get_no_reset_link_and_no_local_password(smtp, user_factory):
    from allauth.socialaccount.models import SocialAccount

    staff = user_factory(email="k.weber@agentur.example", role="caseworker")
    staff.set_unusable_password()
    staff.save()
    SocialAccount.objects.create(user=staff, provider="directory", uid="k.weber")
    Client().post("/accounts/password/reset/", {"email": "k.weber@agentur.example"})
    [mail] = mails_to(smtp, "k.weber@agentur.example")
    assert "/accounts/password/reset/key/" not in body_of(mail)
    client = Client()
    client.force_login(staff)
    response = client.post(
        "/accounts/password/set/", {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )
    assert response.status_code in (302, 403)
    staff.refresh_from_db()
    assert not staff.has_usable_password()


def test_the_retention_job_removes_the_addresses_of_anonymised_people(person):
    from kivoucher.organizations.gdpr import personal_data_anonymise

    result = personal_data_anonymise(retention_days=0)
    person.refresh_from_db()
    assert person.anonymised_at is not None
    assert not EmailAddress.objects.filter(user=person).exists()
    assert result.others.get("e-mail addresses deleted", 0) >= 1
