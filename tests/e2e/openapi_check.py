"""Requests and answers of end-to-end tests checked against /api/openapi.json, as a
generated client would see them: the status must be documented for the operation,
the body must match its schema."""

import re

from django.test import Client
from jsonschema import Draft202012Validator

_DOCUMENT: dict | None = None


def openapi_document() -> dict:
    global _DOCUMENT
    if _DOCUMENT is None:
        _DOCUMENT = Client().get("/api/openapi.json").json()
    return _DOCUMENT


def _operation(method: str, url: str) -> dict:
    paths = openapi_document()["paths"]
    path = url.split("?", 1)[0]
    for template, operations in paths.items():
        pattern = "^" + re.sub(r"\{[^}]+\}", "[^/]+", template) + "$"
        if re.match(pattern, path) and method.lower() in operations:
            return operations[method.lower()]
    raise AssertionError(f"{method} {path} is not in the OpenAPI document")


def _validate(schema: dict, body, where: str) -> None:
    root = {**schema, "components": openapi_document()["components"]}
    errors = sorted(Draft202012Validator(root).iter_errors(body), key=str)
    assert not errors, f"{where}: {errors[0].message} in {body!r}"


class CheckedApi:
    """A JSON API client whose every exchange is checked against the document."""

    def __init__(self, client: Client):
        self.client = client

    def call(self, method: str, url: str, body: dict | None = None):
        operation = _operation(method, url)
        if body is not None:
            request = operation["requestBody"]["content"]["application/json"]["schema"]
            _validate(request, body, f"request {method} {url}")
        send = getattr(self.client, method.lower())
        response = (
            send(url, body, content_type="application/json") if body is not None else send(url)
        )
        return self._answer(operation, method, url, response)

    def _answer(self, operation: dict, method: str, url: str, response):
        documented = operation["responses"].get(str(response.status_code))
        assert documented, f"{method} {url} answered {response.status_code}, not documented"
        _validate(
            documented["content"]["application/json"]["schema"],
            response.json(),
            f"answer {response.status_code} of {method} {url}",
        )
        return response

    def get(self, url: str):
        return self.call("GET", url)

    def post(self, url: str, body: dict | None = None):
        return self.call("POST", url, body)

    def patch(self, url: str, body: dict):
        return self.call("PATCH", url, body)

    def delete(self, url: str):
        return self.call("DELETE", url)

    def post_invalid(self, url: str, body: dict):
        """Send a body the document refuses (to test the refusal); the answer is checked."""
        response = self.client.post(url, body, content_type="application/json")
        return self._answer(_operation("POST", url), "POST", url, response)

    def post_form(self, url: str, data: dict):
        """A multipart request (fields and files); files count as binary strings, a list
        of files (one field sent several times) as an array of them."""
        operation = _operation("POST", url)
        request = operation["requestBody"]["content"]["multipart/form-data"]["schema"]

        def shown(value):
            if isinstance(value, list | tuple):
                return [shown(v) for v in value]
            return value if isinstance(value, str) else "<binary>"

        fields = {k: shown(v) for k, v in data.items()}
        _validate(request, fields, f"request POST {url}")
        return self._answer(operation, "POST", url, self.client.post(url, data))
