"""The eligibility rules and reasons of a submitted application are shown in the
reader's language, whatever language the applicant used: stored as message ids and
figures, translated when shown. Applications stored before show their text."""

import pytest
from django.utils import translation

from kivoucher.applications.eligibility import application_check
from kivoucher.applications.models import Application
from tests.applications.factories import make_world

pytestmark = pytest.mark.django_db


def _submitted_in_german():
    w = make_world()
    with translation.override("de"):
        app = w.submitted()
    return w, app


def _page(client, app, language):
    return client.get(f"/applications/{app.pk}/", HTTP_ACCEPT_LANGUAGE=language).content.decode()


def test_the_rules_of_a_submitted_application_are_shown_in_english(client_for):
    w, app = _submitted_in_german()
    page = _page(client_for(w.applicant), app, "en")
    assert "Seat in Germany" in page
    assert "Provider accredited for the programme" in page
    assert f"{w.provider.name} is accredited until" in page
    assert "De-minimis ceiling not exceeded" in page and "De-minimis aid since" in page
    assert "Sitz in Deutschland" not in page and "akkreditiert" not in page


def test_and_in_german(client_for):
    w, app = _submitted_in_german()
    page = _page(client_for(w.applicant), app, "de")
    assert "Sitz in Deutschland" in page
    assert f"{w.provider.name} ist bis zum" in page
    assert "Seat in Germany" not in page


def test_the_stored_rules_keep_message_ids_and_figures():
    w, app = _submitted_in_german()
    rules = {r["code"]: r for r in Application.objects.get(pk=app.pk).eligibility["rules"]}
    seat = rules["seat_in_germany"]
    assert seat["label"] == "Sitz in Deutschland"  # as the applicant read it
    assert seat["texts"]["label"] == {"msgid": "Seat in Germany", "params": {}}
    accredited = rules["provider_accredited"]["texts"]["explanation"]
    assert accredited["msgid"] == "%(name)s is accredited until %(date)s."
    assert accredited["params"]["name"] == w.provider.name


def test_an_application_stored_before_is_shown_as_stored(client_for):
    w, app = _submitted_in_german()
    stored = Application.objects.get(pk=app.pk).eligibility
    for rule in stored["rules"]:
        del rule["texts"]
    Application.objects.filter(pk=app.pk).update(eligibility=stored)
    page = _page(client_for(w.applicant), app, "en")
    assert "Sitz in Deutschland" in page


def test_linked_provider_reasons_are_translated_too():
    w = make_world()
    app = w.draft(declared_ties="Der Geschäftsführer des Dienstleisters ist Gesellschafter.")
    rule = next(
        r for r in application_check(application=app).rules if r.code == "provider_independent"
    )
    stored = rule.as_dict()
    with translation.override("en"):
        from kivoucher.core.texts import item_text

        assert item_text(stored, "explanation") == (
            "The provider is linked to the applicant: declared business ties."
        )
    with translation.override("de"):
        assert "verbunden" in item_text(stored, "explanation")
        assert "declared business ties" not in item_text(stored, "explanation")
