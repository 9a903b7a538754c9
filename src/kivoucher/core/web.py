"""Domain errors on pages, the same in every app.

A service raises a `DomainError`; a view either lets it escape (the middleware
answers with the error page, or 404 for `NotFound`) or shows it where the user
acted: on the form, or as a message above the page it redirects to.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.http import Http404
from django.shortcuts import render

from kivoucher.core.errors import DomainError, PermissionDenied


def domain_error_show(request, exc: DomainError, *, form=None) -> None:
    """Put the error where the user acted: on `form`, else as a message."""
    if exc.status == 404:
        raise Http404(exc.message)
    if form is not None:
        form.add_error(None, exc.message)
    else:
        messages.error(request, exc.message)


@dataclass(frozen=True)
class ServiceOutcome:
    """What `service_run` did: true if the service ran, with what it returned."""

    ok: bool
    result: Any = None

    def __bool__(self) -> bool:
        return self.ok


def service_run(
    request,
    call: Callable[[], Any],
    *,
    success: str = "",
    form=None,
    forbidden_page: bool = False,
) -> ServiceOutcome:
    """Call a service; on success say `success`, on a domain error show it.

    With `forbidden_page`, a refusal (`PermissionDenied`) is the answer to the request
    (the 403 page, through the middleware) instead of a message: for actions a person
    may not take at all, rather than a rule of the case they can read and act on."""
    try:
        result = call()
    except DomainError as exc:
        if forbidden_page and isinstance(exc, PermissionDenied):
            raise
        domain_error_show(request, exc, form=form)
        return ServiceOutcome(False)
    if success:
        messages.success(request, success)
    return ServiceOutcome(True, result)


class DomainErrorMiddleware:
    """A domain error that escapes a view: 404 for `NotFound`, else the error page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exc):
        if not isinstance(exc, DomainError):
            return None
        if exc.status == 404:
            raise Http404(exc.message)
        return render(request, "core/error.html", {"message": exc.message}, status=exc.status)
