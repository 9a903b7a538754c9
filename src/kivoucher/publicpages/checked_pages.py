"""The pages the browser suite checks with axe-core (WCAG 2.1 A and AA rules) at
1280 and 375 px, for the accessibility statement (/barrierefreiheit/).

Each entry is a named check in tests/browser: the `name` that test passes to
`page_checked(page, url, name)` (its screenshots are docs/screenshots/<name>-*.png).
A name built with an f-string is written with `*` for the formatted part
(f"home-{role.value}" -> "home-*"). tests/publicpages/test_checked_pages.py reads the
browser tests and fails when this list and the named checks differ, so the
statement never claims a check that is not made, nor misses one that is.
"""

from dataclasses import dataclass

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class Audience(models.TextChoices):
    PUBLIC = "public", _("Public pages (no sign-in)")
    EVERYONE = "everyone", _("Pages for everyone signed in")
    COMPANIES = "companies", _("Pages for companies, providers and buyers")
    DATA_CENTRES = "data-centres", _("Pages for data centres")
    STAFF = "staff", _("Pages for the programme's staff")


@dataclass(frozen=True)
class CheckedPage:
    name: str  # the screenshot name in tests/browser, `*` for a formatted part
    title: str | Promise
    audience: Audience


CHECKED_PAGES: tuple[CheckedPage, ...] = (
    # tests/browser/test_foundation.py
    CheckedPage("start", _("Start page"), Audience.PUBLIC),
    CheckedPage("start-en", _("Start page in English"), Audience.PUBLIC),
    CheckedPage("login", _("Sign-in"), Audience.PUBLIC),
    CheckedPage("login-errors", _("Sign-in with error messages"), Audience.PUBLIC),
    CheckedPage("home-*", _("Personal start page, for each role"), Audience.EVERYONE),
    CheckedPage("totp-setup", _("Setting up the second factor"), Audience.STAFF),
    CheckedPage("totp-verify", _("Entering the code of the second factor"), Audience.STAFF),
    # tests/browser/test_legal_pages.py
    CheckedPage("impressum", _("Legal notice (Impressum)"), Audience.PUBLIC),
    CheckedPage("datenschutz", _("Privacy notice"), Audience.PUBLIC),
    CheckedPage("barrierefreiheit", _("Accessibility statement"), Audience.PUBLIC),
    CheckedPage("leichte-sprache", _("Easy Read (Leichte Sprache)"), Audience.PUBLIC),
    CheckedPage("gebaerdensprache", _("German Sign Language"), Audience.PUBLIC),
    # tests/browser/test_feedback.py
    CheckedPage("feedback-form", _("Reporting a barrier"), Audience.PUBLIC),
    CheckedPage("feedback-tickets", _("Reports of barriers: list of tickets"), Audience.STAFF),
    # tests/browser/test_applicant_help.py
    CheckedPage(
        "application-timeline",
        _("KI-Voucher: application with the timeline of its states"),
        Audience.COMPANIES,
    ),
    # tests/browser/test_statistics.py
    CheckedPage("statistics", _("Public statistics with charts and map"), Audience.PUBLIC),
    # tests/browser/test_line1.py
    CheckedPage("line1-application-form", _("KI-Voucher: application form"), Audience.COMPANIES),
    CheckedPage(
        "line1-application-errors",
        _("KI-Voucher: application form with error messages"),
        Audience.COMPANIES,
    ),
    CheckedPage(
        "line1-application-draft", _("KI-Voucher: saved draft application"), Audience.COMPANIES
    ),
    CheckedPage("line1-vouchers", _("KI-Voucher: list of vouchers"), Audience.COMPANIES),
    CheckedPage("line1-voucher", _("KI-Voucher: a voucher"), Audience.COMPANIES),
    CheckedPage("line1-queue", _("KI-Voucher: caseworkers' queue"), Audience.STAFF),
    CheckedPage("line1-review", _("KI-Voucher: review of an application"), Audience.STAFF),
    CheckedPage(
        "line1-decide", _("KI-Voucher: decision under the four-eyes principle"), Audience.STAFF
    ),
    # tests/browser/test_change_request.py
    CheckedPage(
        "line1-change-request",
        _("KI-Voucher: change request on a voucher"),
        Audience.COMPANIES,
    ),
    CheckedPage(
        "line1-change-decide", _("KI-Voucher: decision on a change request"), Audience.STAFF
    ),
    # tests/browser/test_line2.py
    CheckedPage("line2-overview", _("KI-Compute-Voucher: overview"), Audience.COMPANIES),
    CheckedPage(
        "line2-usage-chart", _("KI-Compute-Voucher: usage of a voucher"), Audience.COMPANIES
    ),
    CheckedPage(
        "line2-data-centre", _("KI-Compute-Voucher: data centre page"), Audience.DATA_CENTRES
    ),
    CheckedPage(
        "line2-settlement-statement",
        _("KI-Compute-Voucher: settlement statement"),
        Audience.STAFF,
    ),
    # tests/browser/test_line3.py
    CheckedPage("line3-presale", _("Capacity pre-sale: offers"), Audience.COMPANIES),
    CheckedPage(
        "line3-offer", _("Capacity pre-sale: an offer with its order form"), Audience.COMPANIES
    ),
    CheckedPage(
        "line3-purchase-pending",
        _("Capacity pre-sale: purchase awaiting payment"),
        Audience.COMPANIES,
    ),
    CheckedPage("line3-my-slots", _("Capacity pre-sale: my slots"), Audience.COMPANIES),
    CheckedPage(
        "line3-purchase-slots",
        _("Capacity pre-sale: a purchase with its slots"),
        Audience.COMPANIES,
    ),
    CheckedPage("line3-order-book", _("Capacity pre-sale: order book"), Audience.STAFF),
    CheckedPage(
        "line3-allocation-running", _("Capacity pre-sale: slot allocation running"), Audience.STAFF
    ),
    CheckedPage(
        "line3-allocation-done", _("Capacity pre-sale: slot allocation finished"), Audience.STAFF
    ),
    CheckedPage("payout-release-queue", _("Payouts: the release queue"), Audience.STAFF),
    # tests/browser/test_onboarding.py
    CheckedPage("signup", _("Creating an account"), Audience.PUBLIC),
    CheckedPage(
        "signup-verification-sent",
        _("Creating an account: the confirmation mail is sent"),
        Audience.PUBLIC,
    ),
    CheckedPage("organisation-register", _("Registering an organisation"), Audience.COMPANIES),
    CheckedPage(
        "organisation-members",
        _("Members of an organisation, with the invitation of a person"),
        Audience.COMPANIES,
    ),
    CheckedPage(
        "organisation-invitation", _("Invitation to join an organisation"), Audience.PUBLIC
    ),
    CheckedPage("password-reset", _("Resetting a forgotten password"), Audience.PUBLIC),
    CheckedPage("password-reset-new-password", _("Choosing a new password"), Audience.PUBLIC),
)
