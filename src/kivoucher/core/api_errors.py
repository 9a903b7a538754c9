"""The one error answer of the API, for operations to list among their responses.

Every error is `{"code", "message"}` with a 4xx status (kivoucher/api.py turns
domain errors into it); model validation adds `fields`, request validation (422)
adds `errors`.
"""

from ninja import Schema


class ApiErrorField(Schema):
    loc: list[str]
    msg: str


class ApiError(Schema):
    code: str
    message: str
    fields: dict[str, list[str]] | None = None
    errors: list[ApiErrorField] | None = None


def api_errors(*statuses: int) -> dict[int, type[ApiError]]:
    """`response={200: Out, **api_errors(400, 403)}`: the error statuses an operation answers."""
    return dict.fromkeys(statuses, ApiError)
