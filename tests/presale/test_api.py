"""Line III API: typed input (422 with clear messages, never a 500), documented answers."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from kivoucher.core.roles import Role
from kivoucher.presale.models import MaintenanceWindow, Offer
from kivoucher.presale.services import purchase_confirm_payment, purchase_create
from tests.e2e.openapi_check import CheckedApi, openapi_document
from tests.presale.factories import make_buyer, make_offer, make_staff

pytestmark = pytest.mark.django_db


def _iso(value) -> str:
    return value.isoformat()


def _documented(method: str, template: str, status: int) -> bool:
    operation = openapi_document()["paths"][template][method]
    return str(status) in operation["responses"]


@pytest.fixture
def funded(api_client_for):
    offer = make_offer(target=Decimal("7500"))
    staff = make_staff(Role.PROGRAMME_ADMIN)
    org, user = make_buyer()
    p = purchase_create(actor=user, offer=offer, buyer=org, kind="hours", unit_hours=1)
    purchase_confirm_payment(actor=staff, purchase=p)
    start = (timezone.now() + timedelta(days=3)).replace(minute=0, second=0, microsecond=0)
    return Offer.objects.get(pk=offer.pk), api_client_for(staff), start


@pytest.mark.parametrize(
    ("window", "where"),
    [
        ({"start": "START"}, "maintenance.0.end"),  # no end
        ({"start": "soon", "end": "END"}, "maintenance.0.start"),
        ({"start": "END", "end": "START"}, "maintenance.0"),  # ends before it starts
        ({"start": "START", "end": "START"}, "maintenance.0"),  # empty
        ({"start": "START", "end": "END", "colour": "red"}, "maintenance.0.colour"),
        ("2026-01-01", "maintenance.0"),  # not an object
    ],
)
def test_commission_refuses_a_bad_maintenance_window_with_422(funded, window, where):
    offer, api, start = funded
    url = f"/api/v1/presale/offers/{offer.code}/commission"
    times = {"START": _iso(start + timedelta(hours=2)), "END": _iso(start + timedelta(hours=4))}
    if isinstance(window, dict):
        window = {k: times.get(v, v) for k, v in window.items()}
    body = {
        "operation_start": _iso(start),
        "calendar_end": _iso(start + timedelta(days=2)),
        "maintenance": [window],
    }
    r = api.post(url, body, content_type="application/json")
    assert r.status_code == 422, r.content
    answer = r.json()
    assert answer["code"] == "validation_error"
    assert any(".".join(e["loc"]).endswith(where) for e in answer["errors"]), answer
    assert _documented("post", "/api/v1/presale/offers/{code}/commission", 422)
    offer.refresh_from_db()
    assert offer.status == "funded" and not MaintenanceWindow.objects.filter(offer=offer).exists()


def test_commission_says_why_a_window_is_refused(funded):
    offer, api, start = funded
    body = {
        "operation_start": _iso(start),
        "calendar_end": _iso(start + timedelta(days=2)),
        "maintenance": [{"start": _iso(start + timedelta(hours=4)), "end": _iso(start)}],
    }
    r = api.post(
        f"/api/v1/presale/offers/{offer.code}/commission",
        body,
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert "must end after it starts" in r.json()["message"]
    r = api.post(
        f"/api/v1/presale/offers/{offer.code}/commission",
        {**body, "calendar_end": _iso(start - timedelta(days=1)), "maintenance": []},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert r.status_code == 422 and "calendar_end" in r.json()["message"]


def test_commission_with_windows_through_the_documented_api(funded):
    offer, api, start = funded
    checked = CheckedApi(api)
    r = checked.post(
        f"/api/v1/presale/offers/{offer.code}/commission",
        {
            "operation_start": _iso(start),
            "calendar_end": _iso(start + timedelta(days=2)),
            "maintenance": [
                {
                    "start": _iso(start + timedelta(hours=2)),
                    "end": _iso(start + timedelta(hours=4)),
                    "reason": "Firmware",
                }
            ],
        },
    )
    assert r.status_code == 200 and r.json()["status"] == "commissioned"
    window = MaintenanceWindow.objects.get(offer=offer)
    assert window.end - window.start == timedelta(hours=2) and window.reason == "Firmware"
    # once more: the offer is no longer funded, a documented 409
    again = checked.post(
        f"/api/v1/presale/offers/{offer.code}/commission",
        {"operation_start": _iso(start), "calendar_end": _iso(start + timedelta(days=2))},
    )
    assert again.status_code == 409
    # a buyer does not see the staff operation's object at all
    org, user = make_buyer()
    assert _documented("post", "/api/v1/presale/offers/{code}/commission", 404)
