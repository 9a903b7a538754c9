"""Text input has a maximum length everywhere: every string of every API request
body, and the free-text fields of the forms (a 5 MB "note" used to be accepted)."""

import pytest

from kivoucher.core.roles import Role

# Validated against the model's own CharField lengths by full_clean (400 with fields).
CHECKED_BY_THE_MODEL = {"OrganisationPatch"}


def _strings_without_limit(schema, components, where, seen) -> list[str]:
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        if name in seen or name in CHECKED_BY_THE_MODEL:
            return []
        seen.add(name)
        return _strings_without_limit(components[name], components, name, seen)
    found = []
    alternatives = schema.get("anyOf", []) + schema.get("oneOf", []) + schema.get("allOf", [])
    # A decimal is "number or string"; its string form is checked as a number.
    numeric = any(a.get("type") in {"number", "integer"} for a in alternatives)
    for sub in alternatives:
        if not (numeric and sub.get("type") == "string"):
            found += _strings_without_limit(sub, components, where, seen)
    if (
        schema.get("type") == "string"
        and "maxLength" not in schema
        and not {"format", "enum", "pattern"} & set(schema)
    ):
        found.append(where)
    for key, sub in schema.get("properties", {}).items():
        found += _strings_without_limit(sub, components, f"{where}.{key}", seen)
    if "items" in schema:
        found += _strings_without_limit(schema["items"], components, f"{where}[]", seen)
    if isinstance(schema.get("additionalProperties"), dict):
        found += _strings_without_limit(
            schema["additionalProperties"], components, f"{where}{{}}", seen
        )
    return found


def test_every_string_in_an_api_request_body_has_a_maximum_length():
    from kivoucher.api import api

    doc = api.get_openapi_schema()
    components = doc["components"]["schemas"]
    missing = []
    for path, operations in doc["paths"].items():
        for method, operation in operations.items():
            for content in operation.get("requestBody", {}).get("content", {}).values():
                missing += _strings_without_limit(
                    content["schema"], components, f"{method.upper()} {path}", set()
                )
    assert missing == []


@pytest.mark.django_db
def test_a_long_text_is_refused_by_the_api(api_client_for, user_factory):
    client = api_client_for(user_factory(role=Role.PROGRAMME_ADMIN))
    response = client.post(
        "/api/v1/providers/accreditations/1/revoke",
        {"reason": "x" * 100_000},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["code"] == "validation_error"
    assert "reason" in response.json()["message"]


def test_free_text_form_fields_have_a_maximum_length():
    from kivoucher.applications.forms import ApplicationForm, NoteForm
    from kivoucher.compute.forms import FinalReportForm
    from kivoucher.projects.forms import CheckForm
    from kivoucher.providers.forms import DecisionForm

    long_text = "x" * 100_001
    assert "note" in NoteForm({"note": long_text}).errors
    assert "text" in FinalReportForm({"text": long_text}).errors
    assert "note" in CheckForm({"decision": "reject", "note": long_text}).errors
    assert "reason" in DecisionForm({"reason": long_text}).errors
    form = ApplicationForm({"description": long_text, "declared_ties": long_text})
    assert {"description", "declared_ties"} <= set(form.errors)
    assert form.fields["description"].widget.attrs["maxlength"] == "10000"
