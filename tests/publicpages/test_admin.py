"""The legal details are one row that the programme admin edits in the Django admin;
what is saved there is what the pages show."""

import pytest
from django.urls import reverse

from kivoucher.core.roles import Role
from kivoucher.publicpages.demo import DEMO_DETAILS
from kivoucher.publicpages.models import SINGLETON_ID, LegalDetails
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/publicpages/legaldetails/"


@pytest.fixture
def admin_client(client_for):
    return client_for(UserFactory(role=Role.PROGRAMME_ADMIN, is_staff=True, is_superuser=True))


def test_list_leads_to_the_form_that_creates_the_row(admin_client):
    response = admin_client.get(CHANGELIST)
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:publicpages_legaldetails_add")


def test_entered_details_appear_on_the_pages(admin_client, client):
    form = {k: v for k, v in DEMO_DETAILS.items() if k != "hosting"}
    form |= {
        "operator_name": "Bundesamt für Förderung",
        "hosting": "Hoster A\r\nMailer B",
        "privacy_notice_date": "2026-02-01",
        "accessibility_statement_date": "2026-02-02",
        "accessibility_reviewed_date": "2026-02-03",
    }
    response = admin_client.post(reverse("admin:publicpages_legaldetails_add"), form)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert LegalDetails.objects.get().pk == SINGLETON_ID
    # one row only: the list now leads to it, and no second can be added
    response = admin_client.get(CHANGELIST)
    assert response["Location"] == reverse(
        "admin:publicpages_legaldetails_change", args=[SINGLETON_ID]
    )
    assert admin_client.get(reverse("admin:publicpages_legaldetails_add")).status_code == 403
    page = client.get(reverse("impressum"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Bundesamt für Förderung" in page
    privacy = client.get(reverse("datenschutz"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "<li>Hoster A</li>" in privacy and "<li>Mailer B</li>" in privacy


def test_the_row_cannot_be_deleted(admin_client):
    LegalDetails.objects.create(pk=SINGLETON_ID, operator_name="X")
    url = reverse("admin:publicpages_legaldetails_delete", args=[SINGLETON_ID])
    assert admin_client.post(url, {"post": "yes"}).status_code == 403
    assert LegalDetails.objects.exists()


def test_a_second_row_is_refused_by_the_database():
    from django.db import IntegrityError, transaction

    LegalDetails.objects.create(pk=SINGLETON_ID)
    with pytest.raises(IntegrityError), transaction.atomic():
        LegalDetails.objects.create(pk=2)


def test_demo_details_are_loaded_once_and_kept(django_db_blocker):
    from kivoucher.publicpages import demo

    demo.load({})
    row = LegalDetails.objects.get()
    assert row.operator_name == DEMO_DETAILS["operator_name"]
    row.operator_name = "Edited in the admin"
    row.save()
    demo.load({})
    assert LegalDetails.objects.get().operator_name == "Edited in the admin"
