"""The eligibility rules stored with a submitted compute application are shown in the
reader's language (stored as message ids and figures, see `core.texts`)."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone, translation

from kivoucher.compute.services.applications import compute_application_submit
from tests.compute.factories import compute_call, make_data_centre
from tests.factories import OrganisationFactory, member_of

pytestmark = pytest.mark.django_db


def test_the_rules_of_a_submitted_compute_application_follow_the_reader(client_for):
    org = OrganisationFactory()
    user = member_of(org)
    today = timezone.localdate()
    with translation.override("de"):
        application = compute_application_submit(
            actor=user,
            organisation=org,
            call=compute_call(),
            data_centre=make_data_centre(),
            project_description="GPU-Training für ein Modell zur Fehlererkennung.",
            gpu_type="H100",
            gpu_hours=Decimal("1000"),
            storage_tb=Decimal("1"),
            period_start=today,
            period_end=today + timedelta(days=90),
            not_in_difficulty=True,
        )
    url = f"/compute/applications/{application.pk}/"
    english = client_for(user).get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Seat in Germany" in english and "Not an undertaking in difficulty" in english
    assert "Sitz in Deutschland" not in english
    german = client_for(user).get(url, HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "Sitz in Deutschland" in german and "Seat in Germany" not in german
