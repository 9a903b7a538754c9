"""Every eligibility rule has a plain-language help text (what it means, what to do
when it is not met): beside the rule on the application page, in the reader's
language, and in the API's eligibility answers as the OpenAPI document says."""

import ast
import re
from pathlib import Path

import pytest
from django.utils import translation

from kivoucher.applications import eligibility as application_rules
from kivoucher.applications.eligibility import ALL_RULE_HELP, application_check, rule_help
from kivoucher.applications.models import Application
from kivoucher.programmes import eligibility as company_rules
from kivoucher.programmes.eligibility import eligibility_check
from kivoucher.programmes.models import RuleSet
from tests.applications.factories import make_world
from tests.e2e.openapi_check import CheckedApi, openapi_document

API = "/api/v1/applications"


def _codes_in_source(module) -> set[str]:
    """Every rule code the module's source names: `Rule(code="...")` and `_rule("...")`."""
    tree = ast.parse(Path(module.__file__).read_text())
    codes = set()
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = getattr(node.func, "id", "")
        if name == "Rule":
            codes |= {
                kw.value.value
                for kw in node.keywords
                if kw.arg == "code" and isinstance(kw.value, ast.Constant)
            }
        elif name == "_rule" and node.args and isinstance(node.args[0], ast.Constant):
            codes.add(node.args[0].value)
    return codes


def test_every_rule_named_in_the_source_has_help():
    codes = _codes_in_source(company_rules) | _codes_in_source(application_rules)
    assert len(codes) >= 17  # the reader found the rules (a rename would hide them)
    missing = sorted(code for code in codes if not ALL_RULE_HELP.get(code, "").strip())
    assert not missing, f"rules without help text: {missing}"
    assert set(ALL_RULE_HELP) == codes, "help for a rule that does not exist"


def _every_rule_checked(w) -> list:
    """The rules of both rule sets, with and without a provider: every branch."""
    rules = []
    for rule_set in (RuleSet.PROPOSAL, RuleSet.EU_SME):
        w.programme.rule_set = rule_set
        w.programme.save(update_fields=["rule_set"])
        w.call.programme.refresh_from_db()
        rules += eligibility_check(
            programme=w.programme, organisation=w.company, declarations={}
        ).rules
        for provider in (w.provider, None):
            app = w.draft(provider=provider)
            app.refresh_from_db()
            rules += application_check(application=app).rules
    return rules


@pytest.mark.django_db
def test_every_rule_checked_carries_its_help_in_german_and_english():
    rules = _every_rule_checked(make_world())
    assert {r.code for r in rules} == set(ALL_RULE_HELP)
    for rule in rules:
        with translation.override("en"):
            english = str(rule.help)
        with translation.override("de"):
            german = str(rule.help)
        assert len(english) > 60, rule.code
        assert german != english, f"{rule.code}: no German help"
        with translation.override("de"):
            assert rule_help(rule) == german
            assert rule_help(rule.as_dict()) == german  # as stored with an application


def test_help_texts_are_short_and_plain():
    """A few sentences, no more: read beside the rule, not a legal text."""
    for code, text in ALL_RULE_HELP.items():
        sentences = [s for s in re.split(r"(?<=[.:;!?])\s+", text) if s]
        assert len(text) <= 500, code
        assert all(len(s) <= 200 for s in sentences), code


@pytest.mark.django_db
def test_the_help_is_not_stored_with_the_application():
    w = make_world()
    app = w.submitted()
    stored = Application.objects.get(pk=app.pk).eligibility["rules"]
    assert stored and all("help" not in rule for rule in stored)


@pytest.mark.django_db
def test_the_page_shows_the_help_of_each_rule_in_a_disclosure(client_for):
    w = make_world()
    draft = w.draft(provider=None)
    with translation.override("de"):
        help_provider = str(rule_help({"code": "provider_chosen"}))
    page = (
        client_for(w.applicant)
        .get(f"/applications/{draft.pk}/", HTTP_ACCEPT_LANGUAGE="de")
        .content.decode()
    )
    rows = application_check(application=draft).rules
    assert page.count('<details class="rule-help">') == len(rows)
    assert page.count("<summary>Was bedeutet das?") == len(rows)
    assert 'Was bedeutet das?<span class="visually-hidden"> (Sitz in Deutschland)' in page
    assert help_provider in page and "Dienstleisterverzeichnis" in help_provider


@pytest.mark.django_db
def test_a_submitted_application_shows_the_help_of_its_stored_rules(client_for):
    w = make_world()
    app = w.submitted()
    page = (
        client_for(w.applicant)
        .get(f"/applications/{app.pk}/", HTTP_ACCEPT_LANGUAGE="en")
        .content.decode()
    )
    assert page.count('<details class="rule-help">') == len(app.eligibility["rules"])
    assert "What does this mean?" in page
    assert "fewer than 250 employees" in page or "fewer employees than the limit" in page


@pytest.mark.django_db
def test_the_api_answers_each_rule_with_its_help(api_client_for):
    w = make_world()
    app = w.draft()
    api = CheckedApi(api_client_for(w.applicant))  # the answer matches the document
    check = api.client.get(f"{API}/{app.pk}/eligibility", HTTP_ACCEPT_LANGUAGE="de").json()
    api.get(f"{API}/{app.pk}/eligibility")
    assert check["rules"] and all(rule["help"] for rule in check["rules"])
    seat = next(r for r in check["rules"] if r["code"] == "seat_in_germany")
    assert seat["help"].startswith("Einen Antrag stellen können nur Unternehmen mit Sitz")
    company = api.get(
        f"/api/v1/organisations/{w.company.pk}/eligibility?programme={w.programme.code}"
    ).json()
    assert company["rules"] and all(rule["help"] for rule in company["rules"])


def test_the_openapi_document_describes_the_help():
    schemas = openapi_document()["components"]["schemas"]
    for name in ("ApplicationRuleOut", "RuleOut"):
        field = schemas[name]["properties"]["help"]
        assert "help" in schemas[name]["required"], name
        assert "what to do when it is not met" in field["description"], name
