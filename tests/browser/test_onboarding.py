"""Self-service onboarding in a real browser (issue 15 item 8), with the mails received
by a real SMTP server (aiosmtpd in the test process) and their links followed:

a new company's manager signs up with e-mail and password, confirms the address
through the link in the mail (on another device, so she signs in afterwards),
registers the company and invites a colleague as signatory; the colleague opens the
invitation from the mail, creates an account, confirms it and joins; as signatory she
submits a line I application. Finally the manager has forgotten her password, resets
it through the mail link (which works once) and signs in with the new one.

Every page is checked with axe-core at 1280 and 375 px; the new pages are
photographed (docs/screenshots/ with `make screenshots`)."""

import re
import time
from datetime import timedelta
from urllib.parse import urlparse

import pytest
from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import gettext, override

from kivoucher.applications.models import Application
from kivoucher.core.roles import Role
from kivoucher.organizations.models import Invitation, Membership, Organisation
from tests.applications.factories import accredit
from tests.browser.flows import page_for
from tests.browser.helpers import page_checked
from tests.core.test_mail import SmtpServer, body_of, free_port, smtp_settings
from tests.factories import (
    OrganisationFactory,
    ProgrammeFactory,
    ProjectCategoryFactory,
    UserFactory,
    make_call,
    member_of,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MANAGER = "geschaeftsfuehrerin@fraesen-neu.example"
COLLEAGUE = "prokurist@fraesen-neu.example"
PASSWORD = "Rapsfeld-Windrad-42"
NEW_PASSWORD = "Hopfenfeld-Mühlrad-73"
COMPANY = "Neue Fräsen GmbH"


def de(msgid: str) -> str:
    """The German text of `msgid`, as the page shows it (German is the UI language)."""
    with override("de"):
        return gettext(msgid)


@pytest.fixture
def smtp():
    """A real SMTP server in the test process; the platform (live server) sends to it."""
    cache.clear()  # allauth's rate limits count in the cache: start at zero
    port = free_port()
    with SmtpServer(port) as server, smtp_settings(port):
        yield server
    cache.clear()


@pytest.fixture
def line1_call():
    """An open line I call and an accredited provider (as in test_line1.py's world)."""
    programme = ProgrammeFactory()
    category = ProjectCategoryFactory(programme=programme)
    admin = UserFactory(role=Role.PROGRAMME_ADMIN)
    call = make_call(programme=programme, budget=200_000, actor=admin)
    provider = OrganisationFactory(
        kind=Organisation.Kind.PROVIDER,
        name="NeuroForge AI GmbH",
        vat_id="DE811569869",
        federal_state="BE",
        city="Berlin",
        iban="DE02120300000000202051",
        bic="BYLADEM1001",
    )
    provider_user = member_of(provider, role=Role.PROVIDER)
    accredit(provider=provider, programme=programme, actor=provider_user, admin=admin)
    return call, category, provider


def mail_link(smtp, address: str, pattern: str, *, seen: int = 0) -> tuple[str, object]:
    """The path of the link containing `pattern` in the first mail to `address` beyond
    the first `seen` ones, and the mail; waits a little (the live server sends it)."""
    deadline = time.monotonic() + 10
    while True:
        mails = [m for m in smtp.messages if address in m["X-Envelope-To"].split(", ")]
        for mail in mails[seen:]:
            for url in re.findall(r"https?://\S+", body_of(mail)):
                if pattern in url:
                    return urlparse(url).path, mail
        if time.monotonic() > deadline:
            bodies = "\n---\n".join(body_of(m) for m in mails)
            raise AssertionError(f"no mail to {address} with a link {pattern!r}:\n{bodies}")
        time.sleep(0.1)


def mails_to(smtp, address: str) -> int:
    return sum(address in m["X-Envelope-To"].split(", ") for m in smtp.messages)


def go(page, path: str):
    return page.goto(page.context.kivoucher_base_url + path)


def heading(page) -> str:
    return page.locator("main h1").inner_text().strip()


def sign_up(page, email: str) -> None:
    """Fill in and send the sign-up form shown in `page`; the page asks to confirm."""
    assert page.locator("html").get_attribute("lang") == "de"
    assert heading(page) == de("Create an account")
    form = page.locator("#signup-form")
    form.locator("#id_email").fill(email)
    form.locator("#id_password1").fill(PASSWORD)
    form.locator("#id_password2").fill(PASSWORD)
    form.get_by_role("button", name=de("Create account")).click()
    page.wait_for_url("**/accounts/confirm-email/")
    page.locator("#verification-sent").wait_for()
    assert heading(page) == de("Confirm your e-mail address")


def confirm(page, smtp, email: str) -> None:
    """Follow the link of the verification mail and confirm the address."""
    path, mail = mail_link(smtp, email, "/accounts/confirm-email/")
    assert mail["Subject"].strip() == "[KI-Voucher] " + de("Please confirm your e-mail address")
    go(page, path)
    page_checked(page, None)
    page.locator("#confirm-email-form").get_by_role("button", name=de("Confirm")).click()


def sign_in(page, email: str, password: str) -> None:
    form = page.locator("#sign-in-form")
    form.locator("#id_username").fill(email)
    form.locator("#id_password").fill(password)
    form.get_by_role("button", name=de("Sign in")).click()


def register_company(page) -> Organisation:
    page.locator('main a[href="/organisation/register/"]').first.click()
    page.wait_for_url("**/organisation/register/")
    page_checked(page, None, "organisation-register")
    assert heading(page) == de("Register an organisation")
    assert page.locator("input[name=kind][value=company]").is_checked()
    values = {
        "name": COMPANY,
        "legal_form": "GmbH",
        "register_court": "Amtsgericht Stuttgart",
        "register_number": "HRB 7654",
        "vat_id": "DE136695976",
        "street": "Königstraße 1",
        "postcode": "70173",
        "city": "Stuttgart",
        "sector": "C28",
        "employees": "12",
        "annual_turnover": "1500000",
        "balance_sheet_total": "900000",
        "iban": "DE89 3704 0044 0532 0130 00",
    }
    for name, value in values.items():
        page.locator(f"#id_{name}").fill(value)
    page.locator("#id_federal_state").select_option("BW")
    page.locator("main form:not([action]) button[type=submit]").click()
    page.wait_for_url(re.compile(r"/organisation/\d+/members/$"))
    organisation = Organisation.objects.get(name=COMPANY)
    assert (organisation.kind, organisation.federal_state) == (Organisation.Kind.COMPANY, "BW")
    assert (organisation.register_number, organisation.vat_id) == ("HRB 7654", "DE136695976")
    assert organisation.iban.replace(" ", "") == "DE89370400440532013000"
    owner = Membership.objects.get(organisation=organisation)
    assert (owner.user.email, owner.role) == (MANAGER, Membership.Role.OWNER)
    return organisation


def invite(page, organisation: Organisation) -> None:
    form = page.locator(f'form[action="/organisation/{organisation.pk}/invite/"]')
    form.locator("#id_email").fill(COLLEAGUE)
    form.locator("#id_role").select_option(Membership.Role.SIGNATORY)
    form.get_by_role("button", name=de("Send invitation")).click()
    page.wait_for_url(f"**/organisation/{organisation.pk}/members/")
    sent = de("The invitation was sent to %(email)s.") % {"email": COLLEAGUE}
    page.get_by_text(sent).wait_for()
    pending = page.locator("table", has_text=de("Pending invitations"))
    assert COLLEAGUE in pending.inner_text()
    page_checked(page, None, "organisation-members")
    assert heading(page) == de("Members of %(name)s") % {"name": COMPANY}
    invitation = Invitation.objects.get(organisation=organisation)
    assert (invitation.email, invitation.role) == (COLLEAGUE, Membership.Role.SIGNATORY)


def apply_for_line1(page, *, call, category, provider) -> Application:
    today = timezone.localdate()
    go(page, "/applications/new/")
    page_checked(page, None)
    page.locator("#id_call").select_option(str(call.pk))
    page.locator("#id_title").fill("Sichtprüfung von Frästeilen mit KI")
    page.locator("#id_description").fill("Ein Prototyp zur Sichtprüfung mit NeuroForge.")
    page.locator("#id_category").select_option(str(category.pk))
    page.locator("#id_provider").select_option(str(provider.pk))
    page.locator("#id_planned_costs").fill("40.000,00")
    page.locator("#id_planned_start").fill((today + timedelta(days=30)).isoformat())
    page.locator("#id_planned_end").fill((today + timedelta(days=200)).isoformat())
    for name in ("sme_declared", "not_in_difficulty", "de_minimis_declared", "has_ties_0"):
        page.locator(f"#id_{name}").check()
    page.locator("main form").locator("[type=submit]").last.click()
    page.wait_for_url(re.compile(r"/applications/\d+/$"))
    page_checked(page, None)
    page.get_by_role("button", name=de("Submit application")).click()
    page.get_by_text(de("Your application is submitted.")).wait_for()
    page_checked(page, None)
    return Application.objects.get(title="Sichtprüfung von Frästeilen mit KI")


def test_a_company_signs_up_registers_invites_applies_and_resets_a_password(
    browser, live_server, smtp, line1_call
):
    call, category, provider = line1_call

    # The manager finds the sign-up from the sign-in page and creates her account.
    manager = page_for(browser, live_server)
    go(manager, "/accounts/login/")
    manager.locator("#sign-up-link").click()
    manager.wait_for_url("**/accounts/signup/**")
    page_checked(manager, None, "signup")
    sign_up(manager, MANAGER)
    page_checked(manager, None, "signup-verification-sent")
    go(manager, "/home/")
    assert urlparse(manager.url).path == "/accounts/login/"  # not signed in yet

    # She opens the mail on her phone (another browser): confirmed, then she signs in.
    phone = page_for(browser, live_server)
    confirm(phone, smtp, MANAGER)
    phone.wait_for_url("**/accounts/login/**")
    page_checked(phone, None)
    sign_in(phone, MANAGER, PASSWORD)
    phone.wait_for_url("**/home/")
    page_checked(phone, None)

    # She registers the company and invites her colleague as signatory.
    organisation = register_company(phone)
    invite(phone, organisation)

    # The colleague follows the invitation from the mail, signs up and confirms.
    path, mail = mail_link(smtp, COLLEAGUE, "/organisation/invitation/")
    subject = de("KI-Voucher: invitation to join %(organisation)s") % {"organisation": COMPANY}
    assert mail["Subject"].strip() == subject
    colleague = page_for(browser, live_server)
    go(colleague, path)
    page_checked(colleague, None, "organisation-invitation")
    assert COMPANY in colleague.locator("main").inner_text()
    colleague.locator('main a[href^="/accounts/signup/"]').click()
    colleague.wait_for_url("**/accounts/signup/?next=*")
    page_checked(colleague, None)
    sign_up(colleague, COLLEAGUE)
    page_checked(colleague, None)
    confirm(colleague, smtp, COLLEAGUE)
    # Confirmed in the same browser: signed in and back at the invitation.
    colleague.wait_for_url(f"**{path}")
    page_checked(colleague, None)
    colleague.get_by_role("button", name=de("Join %(name)s") % {"name": COMPANY}).click()
    colleague.wait_for_url(f"**/organisation/{organisation.pk}/members/")
    page_checked(colleague, None)
    joined = Membership.objects.get(organisation=organisation, user__email=COLLEAGUE)
    assert joined.role == Membership.Role.SIGNATORY
    assert Invitation.objects.get(organisation=organisation).status == Invitation.Status.ACCEPTED
    members = colleague.locator("table", has_text=COLLEAGUE).inner_text()
    assert MANAGER in members and COLLEAGUE in members

    # As signatory she applies for a KI-Voucher for the company.
    app = apply_for_line1(colleague, call=call, category=category, provider=provider)
    assert app.organisation == organisation
    assert app.status == Application.Status.SUBMITTED

    # The manager has forgotten her password: a new one through the mail link.
    laptop = page_for(browser, live_server)
    go(laptop, "/accounts/login/")
    laptop.locator("#forgot-password").click()
    laptop.wait_for_url("**/accounts/password/reset/")
    page_checked(laptop, None, "password-reset")
    assert heading(laptop) == de("Reset your password")
    seen = mails_to(smtp, MANAGER)
    form = laptop.locator("#password-reset-form")
    form.locator("#id_email").fill(MANAGER)
    form.get_by_role("button", name=de("Send link")).click()
    laptop.locator("#reset-sent").wait_for()
    page_checked(laptop, None)
    path, _mail = mail_link(smtp, MANAGER, "/accounts/password/reset/key/", seen=seen)
    go(laptop, path)
    laptop.locator("#password-reset-key-form").wait_for()
    page_checked(laptop, None, "password-reset-new-password")
    assert heading(laptop) == de("Choose a new password")
    form = laptop.locator("#password-reset-key-form")
    form.locator("#id_password1").fill(NEW_PASSWORD)
    form.locator("#id_password2").fill(NEW_PASSWORD)
    form.get_by_role("button", name=de("Save new password")).click()
    laptop.locator("#password-reset-done").wait_for()
    page_checked(laptop, None)
    # The link works once.
    go(laptop, path)
    laptop.locator("#link-invalid").wait_for()
    # The old password no longer works, the new one does.
    go(laptop, "/accounts/login/")
    sign_in(laptop, MANAGER, PASSWORD)
    laptop.get_by_role("alert").first.wait_for()
    assert urlparse(laptop.url).path == "/accounts/login/"
    sign_in(laptop, MANAGER, NEW_PASSWORD)
    laptop.wait_for_url("**/home/")
    page_checked(laptop, None)
    for page in (manager, phone, colleague, laptop):
        page.context.close()
