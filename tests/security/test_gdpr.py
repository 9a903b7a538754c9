"""Personal data: organisation export (view and API) and anonymisation after retention."""

import io
import json
import zipfile
from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from kivoucher.core.audit import audit_record, audit_verify
from kivoucher.core.models import AuditEvent, User
from kivoucher.core.roles import Role
from kivoucher.organizations.gdpr import organisation_records, personal_data_anonymise
from kivoucher.organizations.models import Director, Organisation, OwnershipLink
from tests.factories import OrganisationFactory, member_of

pytestmark = pytest.mark.django_db


def _zip(response) -> zipfile.ZipFile:
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "application/zip"
    return zipfile.ZipFile(io.BytesIO(response.content))


def test_members_export_their_organisation_with_related_records(client_for):
    org = OrganisationFactory(name="Export GmbH")
    other = OrganisationFactory(name="Parent AG")
    OwnershipLink.objects.create(owner=other, owned=org, share_percent=30)
    Director.objects.create(organisation=org, name="Erika Muster", birth_date=date(1970, 1, 2))
    user = member_of(org, first_name="Erika", last_name="Muster")
    archive = _zip(client_for(user).get(f"/organisations/{org.pk}/data-export.zip"))
    doc = json.loads(archive.read("organisation.json"))
    assert doc["organisation"]["name"] == "Export GmbH"
    assert [m["last_name"] for m in doc["members"]] == ["Muster"]
    assert doc["records"]["organizations.director"][0]["name"] == "Erika Muster"
    assert doc["records"]["organizations.ownershiplink"][0]["owner"] == other.pk
    assert doc["records"]["organizations.membership"][0]["user"] == user.pk
    text = archive.read("organisation.json").decode()
    assert "password" not in text and "pbkdf2" not in text and "md5$" not in text


def test_export_walks_reverse_relations_generically():
    org = OrganisationFactory()
    member_of(org)
    labels = {o._meta.label_lower for o in organisation_records(organisation=org)}
    assert labels == {"organizations.organisation", "organizations.membership"}


def test_foreign_organisation_export_is_404(client_for, api_client_for):
    org = OrganisationFactory()
    stranger = member_of(OrganisationFactory())
    assert client_for(stranger).get(f"/organisations/{org.pk}/data-export.zip").status_code == 404
    response = api_client_for(stranger).get(f"/api/v1/organisations/{org.pk}/export")
    assert response.status_code == 404 and response.json()["code"] == "not_found"


def test_api_export_for_members(api_client_for):
    org = OrganisationFactory(name="API Export GmbH")
    user = member_of(org)
    archive = _zip(api_client_for(user).get(f"/api/v1/organisations/{org.pk}/export"))
    assert json.loads(archive.read("organisation.json"))["organisation"]["name"] == (
        "API Export GmbH"
    )


def test_personal_data_page_links_the_exports(client_for):
    org = OrganisationFactory(name="Meine Firma GmbH")
    user = member_of(org)
    page = client_for(user).get("/account/data/")
    assert page.status_code == 200
    assert f"/organisations/{org.pk}/data-export.zip" in page.text


def test_anonymisation_after_retention_keeps_records_and_audit_chain():
    now = timezone.now()
    long_ago = now - timedelta(days=11 * 365)
    org = OrganisationFactory()
    Organisation.objects.filter(pk=org.pk).update(created_at=long_ago)
    old = member_of(org, role=Role.APPLICANT, first_name="Otto", last_name="Alt")
    User.objects.filter(pk=old.pk).update(date_joined=long_ago, last_login=long_ago)
    director = Director.objects.create(
        organisation=org, name="Otto Alt", birth_date=date(1950, 1, 1)
    )
    recent = member_of(OrganisationFactory(), first_name="Nina", last_name="Neu")
    audit_record(actor=old, action="application.submit", obj=org, new_state="submitted")
    before = AuditEvent.objects.count()

    result = personal_data_anonymise(now=now)

    assert (result.users, result.directors) == (1, 1)
    old.refresh_from_db()
    assert old.first_name == old.last_name == old.email == ""
    assert old.username == f"anonymised-{old.pk}" and not old.is_active
    assert old.anonymised_at is not None and not old.has_usable_password()
    director.refresh_from_db()
    assert director.name.startswith("[anonymised]") and director.birth_date is None
    recent.refresh_from_db()
    assert recent.last_name == "Neu"
    # The audit log keeps its rows (plus one per anonymisation) and still verifies.
    assert AuditEvent.objects.count() == before + 2
    assert AuditEvent.objects.filter(actor_label=f"user:{old.pk}").exists()
    assert not AuditEvent.objects.filter(data__icontains="Otto").exists()
    assert audit_verify().ok
    # A second run finds nothing more.
    assert personal_data_anonymise(now=now) == type(result)(users=0, directors=0)


def test_anonymise_command(capsys):
    long_ago = timezone.now() - timedelta(days=20)
    user = member_of(OrganisationFactory(), last_name="Kurz")
    User.objects.filter(pk=user.pk).update(date_joined=long_ago)
    out = io.StringIO()
    call_command("anonymise_personal_data", retention_days=10, stdout=out)
    assert "Anonymised 1 user(s)" in out.getvalue()
    user.refresh_from_db()
    assert user.last_name == ""
