"""The foundation pages in a real browser: public start page, sign-in with the
staff TOTP step, a start page per role, language switch, keyboard-only sign-in,
and form errors announced and linked to their fields. Every page is checked
with axe-core (helpers.page_checked)."""

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from kivoucher.core.roles import Role
from kivoucher.core.twofactor import DEMO_TOTP_KEY_HEX, totp_device_demo
from kivoucher.organizations.models import Organisation
from tests.browser.helpers import (
    AccessibilityError,
    check_accessibility,
    page_checked,
    sign_in,
)
from tests.factories import OrganisationFactory, UserFactory, member_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _code(device) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def test_public_start_page(page):
    page_checked(page, "/", "start")
    assert page.locator("h1").inner_text().startswith("KI-Voucher")
    assert page.locator("html").get_attribute("lang") == "de"
    page_checked(page, "/accounts/login/", "login")


def test_staff_sign_in_with_totp_step(page):
    user = UserFactory(username="karl", role=Role.CASEWORKER, first_name="Karl")
    device = totp_device_demo(user=user)
    page_checked(page, "/accounts/login/")
    page.get_by_label("Benutzername").fill("karl")
    page.get_by_label("Passwort").fill("pw")
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_url("**/accounts/two-factor/**")
    page_checked(page, None, "totp-verify")
    page.locator("#id_token").fill(_code(device))
    page.locator("main").get_by_role("button").click()
    page.wait_for_url("**/home/")
    assert "Karl" in page.locator("h1").inner_text()


def test_staff_without_device_sets_up_totp_with_qr_code(page):
    ute = UserFactory(username="ute", role=Role.AUDITOR)
    # A known pending key, so the committed screenshot does not change every run.
    TOTPDevice.objects.create(
        user=ute, name="authenticator", key=DEMO_TOTP_KEY_HEX, confirmed=False
    )
    page.goto(page.context.kivoucher_base_url + "/accounts/login/?next=/home/")
    page.locator("#id_username").fill("ute")
    page.locator("#id_password").fill("pw")
    page.locator("#id_password").press("Enter")
    page.wait_for_url("**/accounts/two-factor/setup/**")
    page_checked(page, None, "totp-setup")
    assert page.locator("figure.qr svg").count() == 1
    assert page.locator("code.secret").inner_text().strip()


ROLE_ORG = {
    Role.APPLICANT: Organisation.Kind.COMPANY,
    Role.PROVIDER: Organisation.Kind.PROVIDER,
    Role.DC_OPERATOR: Organisation.Kind.DATA_CENTRE,
    Role.BUYER: Organisation.Kind.COMPANY,
}


@pytest.mark.parametrize("role", list(Role))
def test_start_page_per_role(page, role):
    if role in ROLE_ORG:
        user = member_of(OrganisationFactory(kind=ROLE_ORG[role]), role=role, first_name="Eva")
    else:
        user = UserFactory(role=role, first_name="Eva", is_staff=role == Role.PROGRAMME_ADMIN)
    sign_in(page, user)
    page_checked(page, "/home/", f"home-{role.value}")
    assert "Eva" in page.locator("h1").inner_text()


def test_language_switch_to_english_and_back(page):
    page_checked(page, "/")
    page.get_by_role("button", name="English").click()
    page.wait_for_function("document.documentElement.lang === 'en'")
    page_checked(page, None, "start-en")
    assert "funding" in page.locator("h1").inner_text()
    page.get_by_role("button", name="Deutsch").click()
    page.wait_for_function("document.documentElement.lang === 'de'")
    assert "Förder" in page.locator("body").inner_text()


def _tab_to(page, script: str, limit: int = 30) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"(() => {{ const el = document.activeElement; return {script}; }})()"):
            return
    raise AssertionError(f"no element with {script} can be reached with the Tab key")


def test_keyboard_only_sign_in(page):
    UserFactory(username="anna", role=Role.APPLICANT, first_name="Anna")
    page.goto(page.context.kivoucher_base_url + "/")
    page.keyboard.press("Tab")
    assert "skip-link" in page.evaluate("document.activeElement.className"), (
        "the first Tab stop is the skip link"
    )
    _tab_to(page, "el.getAttribute('href') === '/accounts/login/'")
    page.keyboard.press("Enter")
    page.wait_for_url("**/accounts/login/")
    if page.evaluate("document.activeElement.id") != "id_username":
        _tab_to(page, "el.id === 'id_username'")
    page.keyboard.type("anna")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "id_password"
    page.keyboard.type("pw")
    page.keyboard.press("Enter")
    page.wait_for_url("**/home/")
    assert "Anna" in page.locator("h1").inner_text()


def test_form_errors_are_announced_and_linked_to_fields(page):
    page.goto(page.context.kivoucher_base_url + "/accounts/login/")
    page.get_by_role("button", name="Anmelden").click()
    alert = page.get_by_role("alert")
    alert.wait_for()
    # The summary takes the focus, so it is read out first.
    page.wait_for_function("document.activeElement.classList.contains('error-summary')")
    page_checked(page, None, "login-errors")
    link = alert.locator('a[href="#id_username"]')
    assert link.count() == 1
    field = page.locator("#id_username")
    assert field.get_attribute("aria-invalid") == "true"
    described = field.get_attribute("aria-describedby").split()
    assert "id_username_error" in described
    assert page.locator("#id_username_error").inner_text().strip()
    link.click()
    assert page.evaluate("document.activeElement.id") == "id_username"


def test_the_accessibility_check_catches_violations(page):
    """The axe-core helper itself: a page with an unlabelled image and button fails."""
    page.goto(page.context.kivoucher_base_url + "/")
    page.evaluate(
        """() => {
            const main = document.querySelector("main");
            main.insertAdjacentHTML("beforeend", '<img src="/static/none.png"><button></button>');
        }"""
    )
    with pytest.raises(AccessibilityError) as caught:
        check_accessibility(page, where="the start page with broken markup")
    assert "image-alt" in str(caught.value) and "button-name" in str(caught.value)


def test_api_docs_and_admin_work_under_the_content_security_policy(page):
    admin = UserFactory(role=Role.PROGRAMME_ADMIN, is_staff=True, is_superuser=True)
    page.goto(page.context.kivoucher_base_url + "/api/docs")
    page.locator(".swagger-ui .info").wait_for()
    assert not page.kivoucher_csp_errors, page.kivoucher_csp_errors
    sign_in(page, admin)
    for path in ("/admin/", "/admin/core/user/", f"/admin/core/user/{admin.pk}/change/"):
        page.goto(page.context.kivoucher_base_url + path)
        page.wait_for_load_state("load")
        assert not page.kivoucher_csp_errors, f"{path}: {page.kivoucher_csp_errors}"
