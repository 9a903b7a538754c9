"""Issue 17: the line III slots the Slurm site agent keeps as reservations
(`GET /api/v1/presale/reservations`), named as in the scontrol export. Every request
and answer is checked against /api/openapi.json."""

from datetime import datetime, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from kivoucher.core.roles import Role
from kivoucher.presale.exports import slurm_reservations
from kivoucher.presale.models import Slot
from tests.e2e.openapi_check import CheckedApi
from tests.factories import OrganisationFactory, UserFactory, member_of
from tests.presale.factories import make_allocated_slot

pytestmark = pytest.mark.django_db
URL = "/api/v1/presale/reservations"


def _operator(offer, api_client_for) -> CheckedApi:
    return CheckedApi(api_client_for(member_of(offer.operator, role=Role.DC_OPERATOR)))


def test_a_proposed_slot_is_listed_with_the_export_names(api_client_for):
    offer, purchase, slot, org, _user = make_allocated_slot()
    assert slot.status == Slot.Status.PROPOSED
    body = _operator(offer, api_client_for).get(URL).json()
    assert len(body) == 1
    entry = body[0]
    assert entry["name"] == f"kiv-{offer.code}-{slot.pk}"
    assert entry["account"] == f"kiv_{org.pk}"
    assert entry["partition"] is None  # an offer of one partition: the whole cluster
    assert entry["gpus"] is None
    assert entry["status"] == "proposed"
    assert datetime.fromisoformat(entry["start"]) == slot.start
    assert datetime.fromisoformat(entry["end"]) == slot.end
    script = slurm_reservations(offer=offer, slots=[slot])
    assert f"ReservationName={entry['name']} " in script
    assert f"Accounts={entry['account']} " in script


def test_partitions_confirmed_used_released_and_past_slots(api_client_for):
    offer, _purchase, slot, _org, _user = make_allocated_slot(
        unit_hours=2, block_hours=2, window_hours=8, partitions=2
    )
    # A second slot of the same request on the other partition.
    other = Slot.objects.create(
        offer=offer,
        request=slot.request,
        purchase=slot.purchase,
        partition=1 - slot.partition,
        start=slot.start,
        end=slot.end,
    )
    operator = _operator(offer, api_client_for)
    listed = operator.get(URL).json()
    assert sorted(e["partition"] for e in listed) == ["part0", "part1"]
    script = slurm_reservations(offer=offer, slots=[slot, other])
    for entry in listed:
        assert f"ReservationName={entry['name']} " in script
        assert f"PartitionName={entry['partition']} " in script

    Slot.objects.filter(pk=slot.pk).update(status=Slot.Status.CONFIRMED)
    Slot.objects.filter(pk=other.pk).update(status=Slot.Status.RELEASED)
    assert [(e["name"], e["status"]) for e in operator.get(URL).json()] == [
        (f"kiv-{offer.code}-{slot.pk}", "confirmed")
    ]
    # Marked used while it still runs: the reservation stays until its end.
    now = timezone.now()
    Slot.objects.filter(pk=slot.pk).update(
        status=Slot.Status.USED, start=now - timedelta(hours=1), end=now + timedelta(hours=1)
    )
    assert [e["status"] for e in operator.get(URL).json()] == ["used"]
    # Ended: no longer a reservation.
    Slot.objects.filter(pk=slot.pk).update(
        start=now - timedelta(hours=3), end=now - timedelta(seconds=1)
    )
    assert operator.get(URL).json() == []


def test_only_the_operating_organisations_data_centre_operators(api_client_for):
    offer, _purchase, _slot, org, user = make_allocated_slot()
    other_operator = CheckedApi(
        api_client_for(member_of(OrganisationFactory(), role=Role.DC_OPERATOR))
    )
    assert other_operator.get(URL).json() == []  # no offer of its organisation
    buyer = CheckedApi(api_client_for(user))
    assert buyer.get(URL).status_code == 403
    operator_staff_member = CheckedApi(
        api_client_for(member_of(offer.operator, role=Role.APPLICANT))
    )
    assert operator_staff_member.get(URL).status_code == 403
    assert (
        CheckedApi(api_client_for(UserFactory(role=Role.PROGRAMME_ADMIN))).get(URL).status_code
        == 403
    )
    anonymous = CheckedApi(Client())
    assert anonymous.get(URL).status_code == 401
