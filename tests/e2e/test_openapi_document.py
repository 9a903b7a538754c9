"""/api/openapi.json describes each operation with its own app's schemas.

The document keeps one component per schema name: if two apps had a schema class
of the same name, one line's operations would be described with the other's
fields (issue 21: line I described with line II's schemas). Class names are kept
unique (tests/core/test_api.py); here every reference of every operation is
followed to the class it names, which must belong to the operation's app (or be
core's shared error answer), and the component must have that class's fields.
"""

from ninja import Schema

from kivoucher.api import api
from tests.e2e.openapi_check import openapi_document

REF = "#/components/schemas/"


def _schema_classes() -> dict[str, type[Schema]]:
    found: dict[str, type[Schema]] = {}

    def walk(cls):
        for sub in cls.__subclasses__():
            if sub.__module__.startswith("kivoucher."):
                found.setdefault(sub.__name__, sub)
            walk(sub)

    walk(Schema)
    return found


def _refs(node, components: dict, seen: set[str]) -> set[str]:
    """Every component name `node` refers to, through nested components too."""
    if isinstance(node, dict):
        ref = node.get("$ref", "")
        if ref.startswith(REF) and ref[len(REF) :] not in seen:
            name = ref[len(REF) :]
            seen.add(name)
            _refs(components[name], components, seen)
        for value in node.values():
            _refs(value, components, seen)
    elif isinstance(node, list):
        for value in node:
            _refs(value, components, seen)
    return seen


def _app(module: str) -> str:
    return module.split(".")[1]  # kivoucher.<app>.api


def _operation_modules() -> dict[str, str]:
    modules = {}
    for _prefix, router in api._routers:
        for view in router.path_operations.values():
            for op in view.operations:
                operation_id = op.operation_id or api.get_openapi_operation_id(op)
                modules[operation_id] = op.view_func.__module__
    return modules


def test_every_operation_is_described_with_schemas_of_its_own_app():
    document = openapi_document()
    components = document["components"]["schemas"]
    classes = _schema_classes()
    modules = _operation_modules()
    wrong = []
    checked = 0
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            app = _app(modules[operation["operationId"]])
            for name in sorted(_refs(operation, components, set())):
                cls = classes.get(name)
                if cls is None:
                    wrong.append(f"{method.upper()} {path}: {name} is no schema class")
                    continue
                if _app(cls.__module__) not in (app, "core"):
                    wrong.append(f"{method.upper()} {path} ({app}): {name} of {cls.__module__}")
                fields = {f.alias or n for n, f in cls.model_fields.items()}
                if set(components[name].get("properties", {})) != fields:
                    wrong.append(f"{name}: the component is not {cls.__module__}.{name}")
                checked += 1
    assert wrong == []
    assert checked > 100  # the walk found the references


def test_the_line_one_operations_use_the_line_one_schemas():
    paths = openapi_document()["paths"]
    components = openapi_document()["components"]["schemas"]
    decision = paths["/api/v1/applications/{app_id}/decision"]["post"]
    body = decision["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    assert body == REF + "ApplicationDecisionIn"
    review = paths["/api/v1/applications/{app_id}/review"]["post"]
    assert set(_refs(review, components, set())) == {
        "ReviewIn",
        "ApplicationOut",
        "AidOut",
        "ApiError",
        "ApiErrorField",
    }


# Issue 18: every status an operation can answer is in the document, with the
# `{"code", "message"}` schema, its codes named and an example of each.

ERROR_REF = {"$ref": REF + "ApiError"}
UNSAFE = {"post", "put", "patch", "delete"}


def _operations():
    for path, operations in openapi_document()["paths"].items():
        for method, operation in operations.items():
            yield path, method, operation


def _validated_operations() -> set[str]:
    """Operation ids of the operations ninja validates parameters or a body of (not
    those that only read a body themselves)."""
    validated = set()
    for _prefix, router in api._routers:
        for view in router.path_operations.values():
            for op in view.operations:
                if op.models:
                    validated.add(op.operation_id or api.get_openapi_operation_id(op))
    return validated


def test_every_operation_lists_the_errors_of_its_kind():
    validated = _validated_operations()
    wrong = []
    for path, method, operation in _operations():
        statuses = set(operation["responses"])
        where = f"{method.upper()} {path}"
        expected = set()
        if operation.get("security"):
            expected.add("401")
        if operation["operationId"] in validated:
            expected |= {"400", "422"}
        if operation.get("requestBody"):
            expected.add("413")
        if any(p["in"] == "path" for p in operation.get("parameters", [])):
            expected.add("404")
        if method in UNSAFE:
            expected.add("409")
            if operation.get("security"):
                expected.add("403")  # the session's CSRF check
        if expected - statuses:
            wrong.append(f"{where}: {sorted(expected - statuses)} missing")
        if not operation.get("security") and "401" in statuses:
            wrong.append(f"{where}: needs no authentication, but lists 401")
    assert wrong == []


def test_every_error_answer_has_the_error_schema_its_codes_and_examples():
    components = openapi_document()["components"]["schemas"]
    fields = set(components["ApiError"]["properties"])
    checked = 0
    for path, method, operation in _operations():
        for status, response in operation["responses"].items():
            if not 400 <= int(status) < 500:
                continue
            media = response["content"]["application/json"]
            assert media["schema"] == ERROR_REF, f"{method} {path} {status}"
            codes = set(media["examples"])
            assert codes, f"{method} {path} {status}: no examples"
            for code, example in media["examples"].items():
                value = example["value"]
                assert value["code"] == code and value["message"], value
                assert set(value) <= fields
                assert f"`{code}`" in response["description"]
                assert f"`{code}`" in operation["description"]
            assert f"({status})" in operation["description"]
            checked += 1
    assert checked > 300


def _responses(path: str, method: str) -> dict:
    return openapi_document()["paths"][path][method]["responses"]


def _codes(path: str, method: str, status: int) -> set[str]:
    media = _responses(path, method)[str(status)]["content"]["application/json"]
    return set(media["examples"])


def test_the_domain_errors_of_an_operation_are_named():
    """Read from the view function and the services it calls (four eyes: the decider
    is not the reviewer), and from imports inside a function (the onboarding looks the
    organisation up and answers 404)."""
    decision = "/api/v1/applications/{app_id}/decision"
    assert {"forbidden", "four_eyes"} <= _codes(decision, "post", 403)
    assert "invalid_transition" in _codes(decision, "post", 409)
    assert _codes("/api/v1/compute/data-centres", "post", 404) == {"not_found"}
    assert _codes("/api/v1/me", "get", 401) == {"token_expired", "unauthenticated"}
    example = _responses("/api/v1/me", "get")["401"]["content"]["application/json"]
    assert example["examples"]["unauthenticated"]["value"] == {
        "code": "unauthenticated",
        "message": "A valid bearer token or a signed-in session is required.",
    }
    # A public operation without parameters answers no error at all.
    assert set(_responses("/api/v1/programmes", "get")) == {"200"}


def test_errors_raised_reads_codes_statuses_and_messages_from_the_source():
    from kivoucher.compute.api import data_centre_onboard_api
    from kivoucher.core.api_errors import RaisedError, errors_raised
    from kivoucher.core.tokens import api_token_for_key

    # A class's code and status; the message is formatted, so not taken.
    assert errors_raised(api_token_for_key) == {RaisedError(401, "token_expired", "")}
    raised = errors_raised(data_centre_onboard_api)
    assert RaisedError(403, "forbidden", "Only programme staff may do this.") in raised
    # organisation_get_for_user, imported inside the function
    assert 404 in {e.status for e in raised}


def test_a_too_large_body_is_a_documented_json_answer(api_client_for, settings):
    from tests.e2e.openapi_check import CheckedApi
    from tests.factories import OrganisationFactory, member_of

    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    org = OrganisationFactory()
    api = CheckedApi(api_client_for(member_of(org)))
    response = api.patch(f"/api/v1/organisations/{org.pk}", {"city": "J" * 2000})
    assert response.status_code == 413 and response.json()["code"] == "too_large"
