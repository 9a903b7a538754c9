import pytest
from django.core.exceptions import ValidationError

from kivoucher.core.roles import Role
from kivoucher.organizations.models import Organisation
from kivoucher.organizations.services import organisation_create
from tests.factories import OrganisationFactory, member_of

pytestmark = pytest.mark.django_db


def test_members_see_their_organisation_and_not_others(client_for):
    own, other = OrganisationFactory(), OrganisationFactory()
    client = client_for(member_of(own))
    assert client.get(f"/organisation/{own.pk}/").status_code == 200
    assert client.get(f"/organisation/{other.pk}/").status_code == 404
    assert client.get(f"/organisation/{other.pk}/edit/").status_code == 404


def test_staff_see_every_organisation(client_for, user_factory):
    org = OrganisationFactory()
    client = client_for(user_factory(role=Role.CASEWORKER))
    response = client.get(f"/organisation/{org.pk}/")
    assert response.status_code == 200
    assert "Antragsberechtigung" in response.text  # eligibility section, in German


def test_api_lists_only_own_organisations(api_client_for):
    own, _other = OrganisationFactory(), OrganisationFactory()
    client = api_client_for(member_of(own))
    assert [o["id"] for o in client.get("/api/v1/organisations").json()] == [own.pk]
    assert client.get(f"/api/v1/organisations/{_other.pk}").status_code == 404


def test_eligibility_is_readable_through_the_api(api_client_for):
    from tests.factories import ProgrammeFactory

    ProgrammeFactory(code="ki-voucher")
    own = OrganisationFactory()
    body = (
        api_client_for(member_of(own))
        .get(f"/api/v1/organisations/{own.pk}/eligibility?programme=ki-voucher")
        .json()
    )
    assert body["passed"] is True
    assert {r["code"] for r in body["rules"]} == {
        "seat_in_germany",
        "employees_below_limit",
        "turnover_within_limit",
    }


def test_invalid_vat_id_is_refused_everywhere(api_client_for, client_for):
    with pytest.raises(ValidationError):
        organisation_create(actor=None, name="X", vat_id="DE123456789")
    org = OrganisationFactory()
    user = member_of(org)
    response = api_client_for(user).patch(
        f"/api/v1/organisations/{org.pk}", {"vat_id": "DE000"}, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    response = client_for(user).post(
        f"/organisation/{org.pk}/edit/",
        {
            "name": org.name,
            "vat_id": "DE000",
            "employees": 5,
            "annual_turnover": "1",
            "balance_sheet_total": "1",
        },
    )
    assert response.status_code == 200
    assert 'role="alert"' in response.text
    assert Organisation.objects.get(pk=org.pk).vat_id == ""


def test_vat_id_is_normalised():
    org = organisation_create(actor=None, name="Y", vat_id="de 136 695 976")
    assert org.vat_id == "DE136695976"


def test_auditor_reads_but_cannot_change(api_client_for, user_factory):
    org = OrganisationFactory()
    client = api_client_for(user_factory(role=Role.AUDITOR))
    assert client.get(f"/api/v1/organisations/{org.pk}").status_code == 200
    response = client.patch(
        f"/api/v1/organisations/{org.pk}", {"name": "Z"}, content_type="application/json"
    )
    assert response.status_code == 403


def test_who_sees_every_organisation_gets_the_list_even_of_one(client_for, user_factory):
    org = OrganisationFactory(name="Einzige GmbH")
    superuser = user_factory(is_superuser=True)
    response = client_for(superuser).get("/organisation/")
    assert response.status_code == 200 and "Einzige GmbH" in response.text
    member = client_for(member_of(org)).get("/organisation/")
    assert member.status_code == 302 and member.url == f"/organisation/{org.pk}/"


def test_auditors_read_an_organisation_but_do_not_edit_it(client_for, api_client_for, user_factory):
    org = OrganisationFactory()
    auditor = user_factory(role=Role.AUDITOR)
    page = client_for(auditor).get(f"/organisation/{org.pk}/")
    assert page.status_code == 200 and f"/organisation/{org.pk}/edit/" not in page.text
    assert client_for(auditor).get(f"/organisation/{org.pk}/edit/").status_code == 404
    response = api_client_for(auditor).patch(
        f"/api/v1/organisations/{org.pk}", {"city": "Bonn"}, content_type="application/json"
    )
    assert response.status_code == 403
