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
