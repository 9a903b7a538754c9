import pytest
from django.test import Client

from kivoucher.core.roles import Role
from kivoucher.core.tokens import api_token_create, api_token_revoke

pytestmark = pytest.mark.django_db


def test_openapi_document_and_docs_are_served():
    client = Client()
    doc = client.get("/api/openapi.json").json()
    assert doc["openapi"].startswith("3.")
    assert "/api/v1/me" in doc["paths"]
    assert client.get("/api/docs").status_code == 200


def test_missing_token_is_a_json_401():
    response = Client().get("/api/v1/me")
    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"
    assert response.json()["message"]


def test_bearer_token_identifies_the_user(user_factory):
    user = user_factory(role=Role.CASEWORKER)
    _token, key = api_token_create(user=user)
    assert key.startswith("kv_")
    response = Client(HTTP_AUTHORIZATION=f"Bearer {key}").get("/api/v1/me")
    assert response.status_code == 200
    assert response.json()["role"] == "caseworker"


def test_token_is_stored_hashed_and_revocable(user_factory):
    user = user_factory()
    token, key = api_token_create(user=user)
    assert key not in token.key_hash and len(token.key_hash) == 64
    api_token_revoke(token=token)
    assert Client(HTTP_AUTHORIZATION=f"Bearer {key}").get("/api/v1/me").status_code == 401


def test_unknown_token_is_refused():
    assert Client(HTTP_AUTHORIZATION="Bearer kv_nope").get("/api/v1/me").status_code == 401


@pytest.mark.parametrize("authorization", [None, "Bearer kv_nope", "Bearer revoked"])
def test_writes_without_valid_credentials_are_401_not_a_csrf_failure(user_factory, authorization):
    # A data centre whose token has lapsed must learn that, not read "CSRF check Failed".
    if authorization == "Bearer revoked":
        token, key = api_token_create(user=user_factory(role=Role.DC_OPERATOR))
        api_token_revoke(token=token)
        authorization = f"Bearer {key}"
    headers = {"Authorization": authorization} if authorization else {}
    client = Client(enforce_csrf_checks=True, headers=headers)
    response = client.post(
        "/api/v1/compute/usage", {"records": []}, content_type="application/json"
    )
    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"


def test_session_writes_without_csrf_token_are_refused(user_factory):
    client = Client(enforce_csrf_checks=True)
    client.force_login(user_factory(role=Role.APPLICANT))
    response = client.post(
        "/api/v1/compute/usage", {"records": []}, content_type="application/json"
    )
    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"


def test_bad_query_parameter_is_a_json_4xx(api_client_for, user_factory):
    client = api_client_for(user_factory(role=Role.CASEWORKER))
    response = client.get("/api/v1/organisations/not-a-number")
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "validation_error" and body["message"]


def test_unknown_object_is_a_json_404(api_client_for, user_factory):
    client = api_client_for(user_factory(role=Role.CASEWORKER))
    response = client.get("/api/v1/organisations/999999")
    assert response.status_code == 404
    assert response.json() == {"code": "not_found", "message": "Organisation not found."}


def test_malformed_json_is_a_json_400(api_client_for, user_factory):
    from tests.factories import OrganisationFactory, member_of

    org = OrganisationFactory()
    client = api_client_for(member_of(org))
    response = client.patch(
        f"/api/v1/organisations/{org.pk}", "{bad json", content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["code"] == "bad_request"


def test_unknown_fields_and_wrong_types_are_422(api_client_for):
    from tests.factories import OrganisationFactory, member_of

    org = OrganisationFactory()
    client = api_client_for(member_of(org))
    for body in ({"foo": 1}, {"employees": "many"}):
        response = client.patch(
            f"/api/v1/organisations/{org.pk}", body, content_type="application/json"
        )
        assert response.status_code == 422, body
        assert response.json()["code"] == "validation_error"


def test_unknown_api_path_is_a_json_404():
    response = Client().get("/api/v1/does-not-exist")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_schema_class_names_are_unique_across_the_api():
    """The OpenAPI document keeps one component per name: a second class with the
    same name would describe some operations with the other's fields."""
    from ninja import Schema

    import kivoucher.api  # noqa: F401  (imports every router and its schemas)

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    modules_by_name: dict[str, set[str]] = {}
    for schema in subclasses(Schema):
        if schema.__module__.startswith("kivoucher."):
            modules_by_name.setdefault(schema.__name__, set()).add(schema.__module__)
    assert {n: m for n, m in modules_by_name.items() if len(m) > 1} == {}


def test_decisions_are_documented_with_their_own_fields():
    doc = Client().get("/api/openapi.json").json()
    components = doc["components"]["schemas"]
    accreditation = components["AccreditationDecisionIn"]["properties"]
    application = components["ApplicationDecisionIn"]["properties"]
    assert "annual_cap" in accreditation and "annual_cap" not in application
