"""Staff two-factor authentication, login throttling, security headers."""

import io

import pytest
from django.core.management import call_command
from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from kivoucher.core.roles import STAFF_ROLES, Role
from kivoucher.core.tokens import api_token_create
from kivoucher.core.twofactor import totp_device_demo

pytestmark = pytest.mark.django_db


def current_code(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def password_login(username: str) -> Client:
    client = Client()
    response = client.post("/accounts/login/", {"username": username, "password": "pw"})
    assert response.status_code == 302, response.content[:500]
    return client


@pytest.mark.parametrize("role", sorted(STAFF_ROLES))
def test_staff_without_device_must_set_up_totp_before_any_page(user_factory, role):
    user = user_factory(role=role)
    client = password_login(user.username)
    response = client.get("/home/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/two-factor/setup/?next=/home/")
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "<svg" in page.text and 'class="secret"' in page.text
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    wrong = client.post("/accounts/two-factor/setup/", {"token": "000000", "next": "/home/"})
    assert wrong.status_code == 200 and 'role="alert"' in wrong.text
    # Wrong codes slow down further attempts (django-otp throttling).
    throttled = client.post(
        "/accounts/two-factor/setup/", {"token": current_code(device), "next": "/home/"}
    )
    assert throttled.status_code == 200 and "field-error" in throttled.text
    device.refresh_from_db()
    device.throttle_reset()
    done = client.post(
        "/accounts/two-factor/setup/", {"token": current_code(device), "next": "/home/"}
    )
    assert done.status_code == 302 and done["Location"] == "/home/"
    assert client.get("/home/").status_code == 200
    device.refresh_from_db()
    assert device.confirmed


def test_staff_with_device_verifies_code(user_factory):
    user = user_factory(role=Role.CASEWORKER)
    device = totp_device_demo(user=user)
    client = password_login(user.username)
    response = client.get("/home/")
    assert response["Location"].startswith("/accounts/two-factor/?next=/home/")
    bad = client.post("/accounts/two-factor/", {"token": "12", "next": "/home/"})
    assert bad.status_code == 200
    assert 'role="alert"' in bad.text and 'href="#id_token"' in bad.text
    device.refresh_from_db()
    device.throttle_reset()
    ok = client.post("/accounts/two-factor/", {"token": current_code(device), "next": "/home/"})
    assert ok.status_code == 302 and ok["Location"] == "/home/"
    assert client.get("/home/").status_code == 200


def test_unverified_staff_session_is_refused_by_the_api_but_tokens_work(user_factory):
    user = user_factory(role=Role.AUDITOR)
    client = password_login(user.username)
    assert client.get("/api/v1/me").status_code == 401
    _token, key = api_token_create(user=user)
    response = Client(HTTP_AUTHORIZATION=f"Bearer {key}").get("/api/v1/me")
    assert response.status_code == 200 and response.json()["role"] == "auditor"


def test_open_redirect_after_totp_is_refused(user_factory):
    user = user_factory(role=Role.APPROVER)
    device = totp_device_demo(user=user)
    client = password_login(user.username)
    response = client.post(
        "/accounts/two-factor/", {"token": current_code(device), "next": "https://evil.example/"}
    )
    assert response["Location"] == "/home/"


@pytest.mark.parametrize("role", [Role.APPLICANT, Role.PROVIDER, Role.DC_OPERATOR, Role.BUYER])
def test_organisation_roles_need_no_second_factor(user_factory, role):
    user = user_factory(role=role)
    client = password_login(user.username)
    assert client.get("/home/").status_code == 200


def test_client_for_fixture_satisfies_two_factor(user_factory, client_for):
    client = client_for(user_factory(role=Role.PROGRAMME_ADMIN))
    assert client.get("/home/").status_code == 200
    assert client.get("/api/v1/me").status_code == 200


def test_totp_code_command_prints_a_valid_code_for_demo_devices_only(user_factory):
    user = user_factory(username="caseworker", role=Role.CASEWORKER)
    device = totp_device_demo(user=user)
    out = io.StringIO()
    call_command("totp_code", user="caseworker", stdout=out)
    assert out.getvalue().strip() == current_code(device)
    other = user_factory(username="real", role=Role.CASEWORKER)
    TOTPDevice.objects.create(user=other, name="phone", confirmed=True)
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="no demo TOTP device"):
        call_command("totp_code", user="real", stdout=io.StringIO())


def test_repeated_wrong_passwords_lock_the_account_for_that_client(user_factory, settings):
    user_factory(username="target")
    user_factory(username="bystander")
    client = Client()
    for attempt in range(1, settings.AXES_FAILURE_LIMIT + 1):
        response = client.post("/accounts/login/", {"username": "target", "password": "nope"})
        assert response.status_code == (429 if attempt == settings.AXES_FAILURE_LIMIT else 200)
    locked = client.post("/accounts/login/", {"username": "target", "password": "pw"})
    assert locked.status_code == 429
    assert 'role="alert"' in locked.text
    # Another account from the same address is not affected.
    other = client.post("/accounts/login/", {"username": "bystander", "password": "pw"})
    assert other.status_code == 302


def test_security_headers_and_content_security_policy():
    response = Client().get("/")
    csp = response["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";") if d.strip())
    assert directives["script-src"] == "'self'"
    assert "unsafe-inline" not in directives["style-src"]
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]


def test_templates_use_no_inline_scripts():
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "src" / "kivoucher"
    offenders = []
    for template in root.glob("*/templates/**/*.html"):
        text = template.read_text()
        for chunk in text.split("<script")[1:]:
            head = chunk.split(">", 1)[0]
            if "src=" not in head and "application/json" not in head:
                offenders.append(str(template.relative_to(root)))
        if " onclick=" in text or " onload=" in text or "javascript:" in text:
            offenders.append(str(template.relative_to(root)))
    assert not offenders, f"inline scripts break the CSP: {offenders}"


def test_session_and_csrf_cookies_are_hardened():
    import kivoucher.settings as production

    assert production.SESSION_COOKIE_HTTPONLY and production.CSRF_COOKIE_HTTPONLY
    assert production.SESSION_COOKIE_SAMESITE == "Lax"
    assert production.SESSION_COOKIE_AGE <= 12 * 60 * 60


def test_admin_login_does_not_bypass_the_second_factor(user_factory):
    user_factory(username="root", role=Role.PROGRAMME_ADMIN, is_staff=True, is_superuser=True)
    client = Client()
    response = client.post(
        "/admin/login/?next=/admin/", {"username": "root", "password": "pw", "next": "/admin/"}
    )
    assert response.status_code == 302
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/two-factor/setup/?next=/admin/")


def test_verifying_the_code_gives_a_new_session_id(user_factory):
    user = user_factory(role=Role.CASEWORKER)
    device = totp_device_demo(user=user)
    client = password_login(user.username)
    before = client.cookies["sessionid"].value
    client.post("/accounts/two-factor/", {"token": current_code(device), "next": "/home/"})
    assert client.cookies["sessionid"].value != before
    assert client.get("/home/").status_code == 200


def test_plain_force_login_in_tests_also_completes_the_second_factor(user_factory):
    client = Client()
    client.force_login(user_factory(role=Role.AUDITOR))
    assert client.get("/home/").status_code == 200


def test_reset_2fa_command_removes_devices_and_is_audited(user_factory):
    from kivoucher.core.models import AuditEvent

    user = user_factory(username="lost", role=Role.APPROVER)
    totp_device_demo(user=user)
    out = io.StringIO()
    call_command("reset_2fa", user="lost", stdout=out)
    assert "Removed 1 TOTP device(s)" in out.getvalue()
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert AuditEvent.objects.filter(action="user.2fa_reset", object_id=str(user.pk)).exists()
    client = password_login("lost")
    assert client.get("/home/")["Location"].startswith("/accounts/two-factor/setup/")
