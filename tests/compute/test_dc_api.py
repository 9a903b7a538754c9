"""Data centres keep their price list and Gaia-X evidence current through the API."""

import json

import pytest
from django.utils import timezone

from kivoucher.compute.models import DataCentre
from tests.compute.factories import Evidence, make_data_centre, operator_of

pytestmark = pytest.mark.django_db


def test_publish_a_new_price_list_version(api_client_for):
    dc = make_data_centre("dc-p")
    client = api_client_for(operator_of(dc))
    response = client.post(
        "/api/v1/compute/prices",
        {
            "valid_from": timezone.now().isoformat(),
            "items": [
                {"resource": "h100-80gb", "unit": "gpu_hour", "price": "2.75"},
                {"resource": "cpu", "unit": "core_hour", "price": "0.035"},
            ],
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["version"] == 2
    current = client.get("/api/v1/compute/prices").json()
    assert current == [
        {"resource": "cpu", "unit": "core_hour", "price": "0.035"},
        {"resource": "h100-80gb", "unit": "gpu_hour", "price": "2.75"},
    ]
    bad = client.post(
        "/api/v1/compute/prices",
        {"items": [{"resource": "x", "unit": "banana", "price": "1"}]},
        content_type="application/json",
    )
    assert bad.status_code == 400 and bad.json()["code"] == "invalid_price_list"


@pytest.mark.parametrize("price", ["1e400", "1e30", "100000000", "-0.01", "0.00001"])
def test_impossible_prices_are_a_400(api_client_for, price):
    # "1e400" made quantize() raise: a 500 instead of a clear refusal.
    dc = make_data_centre("dc-q")
    client = api_client_for(operator_of(dc))
    response = client.post(
        "/api/v1/compute/prices",
        {"items": [{"resource": "h100-80gb", "unit": "gpu_hour", "price": price}]},
        content_type="application/json",
    )
    assert response.status_code == 400, response.content
    assert response.json()["code"] == "invalid_price"
    if price == "100000000":
        assert "100.000.000" in response.json()["message"]


def test_upload_renewed_credential_reverifies(api_client_for):
    dc = make_data_centre("dc-c", valid=False)
    ev = Evidence()
    ev.install(dc)
    client = api_client_for(operator_of(dc))
    body = client.get("/api/v1/compute/verification").json()
    assert body["passed"] and body["evidence"] == "valid"
    tampered = json.loads(dc.credentials.get(kind="service_offering").raw)
    tampered["credentialSubject"]["gx:providedBy"] = {"id": "did:web:other"}
    response = client.post(
        "/api/v1/compute/credentials",
        {"kind": "service_offering", "credential": tampered},
        content_type="application/json",
    )
    assert response.status_code == 201
    body = response.json()
    assert body["evidence"] == "lapsed"
    failed = {(c["credential"], c["check"]) for c in body["checks"] if not c["passed"]}
    assert ("service_offering", "signature") in failed
    assert ("service_offering", "provided_by") in failed
    dc.refresh_from_db()
    assert dc.evidence_status == DataCentre.Evidence.LAPSED
    garbage = client.post(
        "/api/v1/compute/credentials",
        {"kind": "participant", "credential": "not a credential"},
        content_type="application/json",
    )
    assert garbage.status_code == 400


def test_staff_onboard_a_data_centre_with_pinned_keys(api_client_for):
    from jwcrypto import jwk

    from kivoucher.core.roles import Role
    from kivoucher.organizations.models import Organisation
    from tests.factories import OrganisationFactory, UserFactory

    org = OrganisationFactory(kind=Organisation.Kind.DATA_CENTRE)
    key = jwk.JWK.generate(kty="EC", crv="P-256")
    body = {
        "organisation": org.pk,
        "code": "nord-rz",
        "location_city": "Hamburg",
        "location_country": "de",
        "operator_name": "Nord RZ GmbH",
        "keys": [{"kid": "did:web:nord#1", "jwk": json.loads(key.export_public())}],
    }
    applicant = api_client_for(UserFactory())
    assert (
        applicant.post(
            "/api/v1/compute/data-centres", body, content_type="application/json"
        ).status_code
        == 403
    )
    staff = api_client_for(UserFactory(role=Role.PROGRAMME_ADMIN))
    response = staff.post("/api/v1/compute/data-centres", body, content_type="application/json")
    assert response.status_code == 201, response.content
    assert response.json()["keys"] == ["did:web:nord#1"]
    assert response.json()["evidence"] == "unverified"
    private = {"kid": "x", "jwk": json.loads(key.export_private())}
    pinned = staff.post(
        "/api/v1/compute/data-centres/nord-rz/keys", private, content_type="application/json"
    )
    assert pinned.status_code == 201
    stored = DataCentre.objects.get(code="nord-rz").keys.get(kid="x").jwk
    assert "d" not in stored  # only the public part is ever kept
    bad = staff.post(
        "/api/v1/compute/data-centres/nord-rz/keys",
        {"kid": "y", "jwk": {"kty": "nope"}},
        content_type="application/json",
    )
    assert bad.status_code == 400 and bad.json()["code"] == "invalid_key"
    # Issue 23.8: an overlong key id is refused clearly on every database
    long = staff.post(
        "/api/v1/compute/data-centres/nord-rz/keys",
        {"kid": "k" * 100_000, "jwk": json.loads(key.export_public())},
        content_type="application/json",
    )
    assert long.status_code in (400, 422)  # the schema may refuse it first
    from kivoucher.compute.services.onboarding import pinned_key_add
    from kivoucher.core.errors import DomainError

    with pytest.raises(DomainError) as exc:
        pinned_key_add(
            actor=None,
            data_centre=DataCentre.objects.get(code="nord-rz"),
            kid="k" * 501,
            jwk=json.loads(key.export_public()),
        )
    assert exc.value.code == "too_long" and "500" in exc.value.message
