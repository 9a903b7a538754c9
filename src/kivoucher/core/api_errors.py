"""The one error answer of the API, and which of its codes an operation can give.

Every error is `{"code", "message"}` with a 4xx status (kivoucher/api.py turns
domain errors into it); model validation adds `fields`, request validation (422)
adds `errors`.

`errors_raised(function)` reads the source of a view function and of the functions
it calls (in kivoucher, by name, a few levels deep) and collects the domain errors
they raise: `raise NotFound("...")`, `raise DomainError("...", code="x", status=409)`,
`raise HttpError(403, "...")`. kivoucher/api.py lists them, with the errors every
operation of its kind can answer, in /api/openapi.json. Calls through an object
(`instance.method()`) are not followed; the API fuzzing (tests/security/
test_api_fuzz.py) finds a status an operation answers but the document misses.
"""

import ast
import builtins
import importlib
import inspect
import sys
import textwrap
from dataclasses import dataclass
from types import ModuleType

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from ninja import Schema
from ninja.errors import HttpError

from kivoucher.core.errors import DomainError


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


# The code of a ninja HttpError by status (kivoucher/api.py answers with these).
HTTP_ERROR_CODES = {
    400: "bad_request",
    403: "forbidden",
    404: "not_found",
    405: "not_allowed",
    413: "too_large",
    429: "throttled",
}


@dataclass(frozen=True)
class RaisedError:
    status: int
    code: str
    message: str = ""  # the literal message where the source has one


# How deep calls are followed from the view function.
_DEPTH = 6
_CACHE: dict[object, frozenset[RaisedError]] = {}


def errors_raised(function) -> frozenset[RaisedError]:
    """The domain errors `function` and what it calls by name can raise (see above)."""
    if function not in _CACHE:
        found: set[RaisedError] = set()
        _collect(function, 0, set(), found)
        _CACHE[function] = frozenset(found)
    return _CACHE[function]


def _collect(function, depth: int, seen: set, found: set[RaisedError]) -> None:
    function = inspect.unwrap(getattr(function, "__func__", function))
    if not inspect.isfunction(function) or function in seen:
        return
    if not (function.__module__ or "").startswith("kivoucher."):
        return
    seen.add(function)
    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(function)))
    except (OSError, TypeError, SyntaxError):
        return
    names = {**function.__globals__, **_local_imports(tree)}
    for node in ast.walk(tree):
        if isinstance(node, ast.Raise) and node.exc is not None:
            error = _raised(node.exc, names)
            if error is not None:
                found.add(error)
        elif isinstance(node, ast.Call) and depth < _DEPTH:
            target = _resolve(node.func, names)
            if target is not None and not inspect.isclass(target):
                _collect(target, depth + 1, seen, found)


def _local_imports(tree: ast.AST) -> dict:
    """Names a function imports in its body (`from kivoucher.x import f`)."""
    names = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            module = sys.modules.get(node.module)
            if module is None and node.module.startswith("kivoucher."):
                try:
                    module = importlib.import_module(node.module)
                except ImportError:
                    continue
            for alias in node.names:
                names[alias.asname or alias.name] = getattr(module, alias.name, None)
    return names


def _resolve(node: ast.expr, names: dict):
    """The object a name or dotted name in a function's source stands for, if known."""
    if isinstance(node, ast.Name):
        return names.get(node.id, getattr(builtins, node.id, None))
    if isinstance(node, ast.Attribute):
        owner = _resolve(node.value, names)
        if isinstance(owner, ModuleType) or inspect.isclass(owner):
            return inspect.getattr_static(owner, node.attr, None)
    return None


def _text(node: ast.expr | None) -> str:
    """A literal message: "..." or _("...") (not a formatted one)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.Call) and len(node.args) == 1 and not node.keywords:
        return _text(node.args[0]) if isinstance(node.func, ast.Name) else ""
    return ""


def _literal(node: ast.expr | None, kind: type):
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, kind) else None


def _raised(node: ast.expr, names: dict) -> RaisedError | None:
    call = node if isinstance(node, ast.Call) else None
    cls = _resolve(call.func if call else node, names)
    if not inspect.isclass(cls):
        return None
    args = call.args if call else []
    keywords = {k.arg: k.value for k in call.keywords} if call else {}
    message = _text(args[0]) if args else ""
    if issubclass(cls, DomainError):
        code = _literal(keywords.get("code"), str) or cls.code
        status = _literal(keywords.get("status"), int) or cls.status
        return RaisedError(status, code, message)
    if issubclass(cls, HttpError) and args:
        status = _literal(args[0], int)
        if status is None:
            return None
        message = _text(args[1]) if len(args) > 1 else ""
        return RaisedError(status, HTTP_ERROR_CODES.get(status, "error"), message)
    if issubclass(cls, Http404):
        return RaisedError(404, "not_found", "Not found.")
    if issubclass(cls, DjangoValidationError):
        return RaisedError(400, "invalid", message)
    return None
