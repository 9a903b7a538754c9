"""Domain errors on pages, the same in every app.

A service raises a `DomainError`; a view either lets it escape (the middleware
answers with the error page, or 404 for `NotFound`) or shows it where the user
acted: on the form, or as a message above the page it redirects to.
"""

from collections.abc import Callable

from django.contrib import messages
from django.http import Http404
from django.shortcuts import render

from kivoucher.core.errors import DomainError


def domain_error_show(request, exc: DomainError, *, form=None) -> None:
    """Put the error where the user acted: on `form`, else as a message."""
    if exc.status == 404:
        raise Http404(exc.message)
    if form is not None:
        form.add_error(None, exc.message)
    else:
        messages.error(request, exc.message)


def service_run(request, call: Callable[[], object], *, success: str = "", form=None) -> bool:
    """Call a service; on success say `success`, on a domain error show it. True if it ran."""
    try:
        call()
    except DomainError as exc:
        domain_error_show(request, exc, form=form)
        return False
    if success:
        messages.success(request, success)
    return True


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
