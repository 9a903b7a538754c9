import pytest
from django.test import Client

from kivoucher.core.roles import Role

pytestmark = pytest.mark.django_db


def test_healthz_reports_database():
    response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_public_start_page_is_german_by_default():
    response = Client().get("/")
    assert response.status_code == 200
    assert 'lang="de"' in response.text
    assert "Förderprogramm" in response.text


def test_language_switch_to_english():
    client = Client()
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"}, follow=True)
    assert 'lang="en"' in response.text
    assert "funding programme" in response.text


def test_start_page_needs_login():
    response = Client().get("/home/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_login_and_logout(user_factory):
    user_factory(username="anna", role=Role.APPLICANT)
    client = Client()
    response = client.post("/accounts/login/", {"username": "anna", "password": "pw"})
    assert response.status_code == 302
    assert client.get("/home/").status_code == 200
    client.post("/accounts/logout/")
    assert client.get("/home/").status_code == 302


def test_wrong_password_shows_error(user_factory):
    user_factory(username="anna")
    response = Client().post("/accounts/login/", {"username": "anna", "password": "wrong"})
    assert response.status_code == 200
    assert 'role="alert"' in response.text


def test_passwords_are_hashed_with_argon2():
    import kivoucher.settings as production

    assert production.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    from django.contrib.auth.hashers import Argon2PasswordHasher

    hasher = Argon2PasswordHasher()
    encoded = hasher.encode("pw", hasher.salt())
    assert encoded.startswith("argon2$argon2id$") and hasher.verify("pw", encoded)
