"""The legal and information pages: public, in both languages, their operator
details from the admin's `LegalDetails`, their periods from the settings that
enforce them, linked from the footer of every page."""

import re
from datetime import date, timedelta

import pytest
from django.urls import reverse

from kivoucher.publicpages.checked_pages import CHECKED_PAGES
from kivoucher.publicpages.demo import DEMO_DETAILS
from kivoucher.publicpages.models import SINGLETON_ID, LegalDetails
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
DE = {"HTTP_ACCEPT_LANGUAGE": "de"}
PAGES = ["impressum", "datenschutz", "barrierefreiheit", "leichte-sprache", "gebaerdensprache"]


def _text(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def _main(response) -> str:
    """The page's own content, without header and footer."""
    return _text(response).split('<main id="main"')[1].split("</main>")[0]


@pytest.fixture
def details():
    return LegalDetails.objects.create(pk=SINGLETON_ID, **DEMO_DETAILS)


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize(("headers", "lang"), [(DE, "de"), (EN, "en")])
def test_page_is_public_in_both_languages(client, name, headers, lang):
    html = _text(client.get(reverse(name), **headers))
    assert f'<html lang="{lang}">' in html
    # the page names itself in the footer's list of legal pages, like every page
    assert f'href="{reverse(name)}"' in html


QUERIES = {
    "impressum": 1,  # the legal details
    "datenschutz": 1,
    "barrierefreiheit": 2,  # and whether sign language videos exist
    "leichte-sprache": 1,
    "gebaerdensprache": 2,  # and the videos
}


@pytest.mark.parametrize("name", PAGES)
def test_pages_answer_in_constant_queries(client, details, name, django_assert_num_queries):
    with django_assert_num_queries(QUERIES[name]):
        client.get(reverse(name))


@pytest.mark.parametrize("signed_in", [False, True])
def test_footer_of_every_page_links_the_legal_pages(client, signed_in):
    if signed_in:
        client.force_login(UserFactory())
    html = _text(client.get(reverse("home") if signed_in else reverse("index"), **EN))
    footer = html.split('<footer class="site-footer">')[1]
    for name in PAGES:
        assert f'href="{reverse(name)}"' in footer, name
    assert 'aria-label="Legal information and accessibility"' in footer


# --- Impressum -----------------------------------------------------------------------


@pytest.mark.parametrize("headers", [DE, EN])
def test_impressum_shows_the_operator_entered_in_the_admin(client, details, headers):
    html = _main(client.get(reverse("impressum"), **headers))
    for field in (
        "operator_name",
        "street",
        "postcode",
        "city",
        "representative",
        "email",
        "phone",
        "vat_id",
        "supervisory_authority",
    ):
        assert DEMO_DETAILS[field] in html.replace("&#x27;", "'"), field
    assert "not yet entered" not in html


def test_impressum_changes_with_the_admin_row(client, details):
    details.operator_name = "Bundesamt für Beispiele"
    details.vat_id = ""
    details.save()
    html = _main(client.get(reverse("impressum"), **EN))
    assert "Bundesamt für Beispiele" in html
    assert DEMO_DETAILS["operator_name"] not in html
    assert "VAT identification number" not in html


def test_impressum_without_details_says_what_is_missing(client):
    html = _main(client.get(reverse("impressum"), **EN))
    assert "Name of the operator not yet entered" in html
    assert "Postal address not yet entered" in html
    assert html.count("not yet entered") >= 4


# --- Datenschutz ---------------------------------------------------------------------


def test_privacy_notice_names_controller_dpo_authority_and_processors(client, details):
    html = _main(client.get(reverse("datenschutz"), **EN))
    assert DEMO_DETAILS["operator_name"] in html
    assert DEMO_DETAILS["dpo_email"] in html
    assert DEMO_DETAILS["dp_authority_name"] in html
    assert DEMO_DETAILS["dp_authority_address"] in html
    for processor in DEMO_DETAILS["hosting"].splitlines():
        assert f"<li>{processor}</li>" in html
    assert "January 15, 2026" in html or "Jan. 15, 2026" in html


def test_privacy_notice_covers_every_role_legal_basis_and_right(client, details):
    html = _main(client.get(reverse("datenschutz"), **EN))
    for role in (
        "Everyone with an account",
        "Applicant companies",
        "AI providers",
        "Data centres",
        "Buyers and investors",
        "Programme staff",
        "People who report a barrier",
    ):
        assert role in html, role
    for basis in ("Art. 6 (1) (b) GDPR", "Art. 6 (1) (c) GDPR", "Art. 6 (1) (e) GDPR"):
        assert basis in html, basis
    for article in range(15, 22):
        if article != 19:  # Art. 19 is the controller's duty to notify, not a request
            assert f"Art. {article} GDPR" in html, article
    assert "Art. 77 GDPR" in html
    assert reverse("personal-data") in html


def test_privacy_notice_lists_only_the_cookies_the_platform_sets(client, settings):
    html = _main(client.get(reverse("datenschutz"), **EN))
    for name in (settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME):
        assert f"<code>{name}</code>" in html
    assert f"<code>{settings.LANGUAGE_COOKIE_NAME}</code>" in html
    assert "<code>messages</code>" in html
    assert "no tracking" in html


@pytest.mark.parametrize("headers", [DE, EN])
def test_privacy_notice_periods_follow_the_settings(client, settings, details, headers):
    settings.KIVOUCHER_PERSONAL_DATA_RETENTION_DAYS = 1234
    settings.KIVOUCHER_API_TOKEN_DAYS = 77
    settings.SESSION_COOKIE_AGE = 5 * 60 * 60
    settings.AXES_FAILURE_LIMIT = 9
    settings.AXES_COOLOFF_TIME = timedelta(minutes=42)
    settings.KIVOUCHER_FEEDBACK_RETENTION_DAYS = 321
    settings.KIVOUCHER_SIGN_IN_LOG_DAYS = 45
    details.server_log_days = 13
    details.save()
    html = _main(client.get(reverse("datenschutz"), **headers))
    for number in ("1234", "77", "9", "42", "321", "45", "13"):
        assert f" {number} " in html, number
    assert " 5 " in html  # session hours


def test_privacy_notice_periods_default_to_the_real_settings(client, settings):
    html = _main(client.get(reverse("datenschutz"), **EN))
    assert f"Anonymised {settings.KIVOUCHER_PERSONAL_DATA_RETENTION_DAYS} days" in html
    assert f"at most {settings.KIVOUCHER_API_TOKEN_DAYS} days" in html
    assert f"at most {settings.SESSION_COOKIE_AGE // 3600} hours" in html
    assert f"after {settings.AXES_FAILURE_LIMIT} failed attempts" in html


def test_privacy_notice_shows_minutes_for_a_session_of_broken_hours(client, settings):
    settings.SESSION_COOKIE_AGE = 90 * 60
    html = _main(client.get(reverse("datenschutz"), **EN))
    assert "at most 90 minutes" in html
    assert "at most 1 hour" not in html


def test_privacy_notice_without_details(client):
    html = _main(client.get(reverse("datenschutz"), **EN))
    assert "The contact of the data protection officer has not yet been entered." in html
    assert "The supervisory authority has not yet been entered." in html
    assert "No processors have been entered." in html


# --- Barrierefreiheit ----------------------------------------------------------------


@pytest.mark.parametrize("headers", [DE, EN])
def test_accessibility_statement_is_derived_from_the_checked_pages(client, details, headers):
    html = _main(client.get(reverse("barrierefreiheit"), **headers))
    assert re.search(rf"<li>{len(CHECKED_PAGES)} \w+", html)
    assert "1280" in html and "375" in html
    assert html.count("<li>") >= len(CHECKED_PAGES)


def test_accessibility_statement_has_date_feedback_and_conciliation(client, details):
    html = _main(client.get(reverse("barrierefreiheit"), **EN))
    assert "prepared on Jan. 15, 2026" in html
    assert f'href="{reverse("feedback-report")}"' in html
    assert DEMO_DETAILS["accessibility_contact_email"] in html
    assert "Mauerstraße 53" in html and "10117 Berlin" in html
    assert "https://www.schlichtungsstelle-bgg.de" in html
    assert "§ 16 BGG" in html
    assert "partially compliant" in html
    assert "PDF/UA" in html


def test_accessibility_statement_date_comes_from_the_admin(client, details):
    details.accessibility_statement_date = date(2027, 3, 4)
    details.accessibility_contact_email = ""
    details.save()
    html = _main(client.get(reverse("barrierefreiheit"), **EN))
    assert "prepared on March 4, 2027" in html
    # without an accessibility address the operator's address is given
    assert DEMO_DETAILS["email"] in html


def test_accessibility_statement_without_date_says_so(client):
    html = _main(client.get(reverse("barrierefreiheit"), **EN))
    assert "The date of this statement has not yet been entered." in html


def test_accessibility_statement_session_limit_follows_the_setting(client, settings):
    settings.SESSION_COOKIE_AGE = 3 * 60 * 60
    html = _main(client.get(reverse("barrierefreiheit"), **EN))
    assert "a sign-in ends 3 hours after it began" in html


# --- Leichte Sprache -----------------------------------------------------------------


@pytest.mark.parametrize("headers", [DE, EN])
def test_easy_read_links_sign_in_feedback_and_sign_language(client, details, headers):
    html = _main(client.get(reverse("leichte-sprache"), **headers))
    for name in ("login", "feedback-report", "gebaerdensprache"):
        assert f'href="{reverse(name)}"' in html, name
    assert DEMO_DETAILS["email"] in html
    assert html.count("<h2>") >= 4


def test_easy_read_sentences_are_short(client):
    """One statement a sentence: no paragraph or list item of the page's own text
    holds more than two sentences, and no sentence more than 15 words."""
    html = _main(client.get(reverse("leichte-sprache"), **EN))
    body = re.sub(r"<a [^>]*>.*?</a>", "", html, flags=re.S)
    blocks = re.findall(r"<(?:p|li)[^>]*>(.*?)</(?:p|li)>", body, flags=re.S)
    assert len(blocks) > 30
    for block in blocks:
        text = re.sub(r"<[^>]+>", "", block).strip()
        sentences = [s for s in re.split(r"(?<=[.?!])\s+", text) if s]
        assert len(sentences) <= 2, text
        for sentence in sentences:
            assert len(sentence.split()) <= 15, sentence
