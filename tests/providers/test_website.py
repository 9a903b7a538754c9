"""A provider's website is a web address (http or https) on every path: the form, the
API, the model; one validator, `core.validators.validate_web_url`. A value stored
before the rule is shown as text, never as a link."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from kivoucher.core.roles import Role
from kivoucher.core.validators import validate_web_url
from kivoucher.organizations.models import Organisation
from kivoucher.providers.forms import AccreditationForm
from kivoucher.providers.models import Accreditation, AccreditationCriterion
from tests.applications.factories import PDF_BYTES, make_world
from tests.factories import OrganisationFactory, ProgrammeFactory, member_of

pytestmark = pytest.mark.django_db

HOSTILE = [
    "javascript:alert(document.cookie)",
    "JavaScript:alert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "ftp://files.example.com/",
    "vbscript:msgbox(1)",
]


@pytest.mark.parametrize("url", HOSTILE)
def test_the_validator_takes_http_and_https_only(url):
    with pytest.raises(ValidationError):
        validate_web_url(url)
    validate_web_url("https://ki-werkstatt.example/referenzen")
    validate_web_url("http://ki-werkstatt.example")


def _file(content, name):
    f = io.BytesIO(content)
    f.name = name
    return f


def _provider():
    programme = ProgrammeFactory()
    AccreditationCriterion.objects.create(programme=programme, code="c0", text="KI-Kompetenz")
    provider = OrganisationFactory(kind=Organisation.Kind.PROVIDER)
    return programme, provider, member_of(provider, role=Role.PROVIDER)


@pytest.mark.parametrize("url", HOSTILE)
def test_the_api_refuses_a_website_that_is_no_web_address(url, api_client_for):
    programme, provider, user = _provider()
    with translation.override("en"):
        response = api_client_for(user).post(
            "/api/v1/providers/accreditations",
            {
                "programme": programme.code,
                "description": "Bildverarbeitung für die Industrie.",
                "competences": "ml",
                "answers": '{"c0": true}',
                "website": url,
                "evidence": [_file(PDF_BYTES, "referenzen.pdf")],
            },
        )
    assert response.status_code == 400, response.content
    assert response.json()["code"] == "invalid_website"
    assert not Accreditation.objects.filter(organisation=provider).exists()


def test_the_api_takes_an_https_address(api_client_for):
    programme, provider, user = _provider()
    response = api_client_for(user).post(
        "/api/v1/providers/accreditations",
        {
            "programme": programme.code,
            "description": "Bildverarbeitung für die Industrie.",
            "competences": "ml",
            "answers": '{"c0": true}',
            "website": " https://ki-werkstatt.example ",
            "evidence": [_file(PDF_BYTES, "referenzen.pdf")],
        },
    )
    assert response.status_code == 201, response.content
    assert Accreditation.objects.get(organisation=provider).website == (
        "https://ki-werkstatt.example"
    )


@pytest.mark.parametrize("url", HOSTILE)
def test_the_form_refuses_it(url):
    programme = ProgrammeFactory()
    form = AccreditationForm(
        {"description": "Profil", "competences": ["ml"], "website": url},
        programme=programme,
        criteria=[],
    )
    assert not form.is_valid()
    assert "website" in form.errors


@pytest.mark.parametrize("url", HOSTILE)
def test_the_model_refuses_it(url):
    w = make_world()
    acc = Accreditation.objects.get(organisation=w.provider)
    acc.website = url
    with pytest.raises(ValidationError) as exc:
        acc.full_clean()
    assert "website" in exc.value.message_dict


def test_the_validator_is_the_one_of_model_and_form():
    field = Accreditation._meta.get_field("website")
    assert validate_web_url in field.validators
    assert validate_web_url in AccreditationForm.base_fields["website"].validators


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,<script>alert(1)</script>"])
def test_a_stored_bad_value_is_shown_without_a_link(url, client):
    w = make_world()
    acc = Accreditation.objects.get(organisation=w.provider)
    Accreditation.objects.filter(pk=acc.pk).update(website=url)  # stored before the rule
    page = client.get(f"/providers/{acc.pk}/").content.decode()
    assert '<a href="javascript:' not in page and '<a href="data:' not in page
    assert "alert(1)" in page  # shown as text, escaped
    assert "<script>alert(1)" not in page
    assert client.get(f"/api/v1/providers/{acc.pk}").json()["website"] == ""


def test_a_good_address_is_a_link(client):
    w = make_world()
    acc = Accreditation.objects.get(organisation=w.provider)
    Accreditation.objects.filter(pk=acc.pk).update(website="https://ki-werkstatt.example")
    page = client.get(f"/providers/{acc.pk}/").content.decode()
    assert 'href="https://ki-werkstatt.example"' in page
    assert client.get(f"/api/v1/providers/{acc.pk}").json()["website"] == (
        "https://ki-werkstatt.example"
    )
