"""Domain errors on pages: one handler for every app."""

import pytest
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.http import Http404
from django.test import RequestFactory

from kivoucher.core.errors import Conflict, NotFound, PermissionDenied
from kivoucher.core.web import DomainErrorMiddleware, service_run


def _request():
    request = RequestFactory().post("/x/")
    request.session = {}
    request._messages = FallbackStorage(request)
    return request


def test_middleware_renders_the_error_with_its_status():
    middleware = DomainErrorMiddleware(lambda r: None)
    response = middleware.process_exception(_request(), Conflict("Budget erschöpft"))
    assert response.status_code == 409
    assert "Budget erschöpft" in response.content.decode()


def test_middleware_turns_not_found_into_404_and_ignores_other_errors():
    middleware = DomainErrorMiddleware(lambda r: None)
    with pytest.raises(Http404):
        middleware.process_exception(_request(), NotFound("weg"))
    assert middleware.process_exception(_request(), ValueError("x")) is None


def test_service_run_reports_success_or_the_error():
    request = _request()
    outcome = service_run(request, lambda: "the result", success="Gespeichert")
    assert outcome and outcome.result == "the result"

    def refuse():
        raise Conflict("Nicht erlaubt")

    failed = service_run(request, refuse, success="never")
    assert not failed and failed.result is None
    texts = [str(m) for m in get_messages(request)]
    assert texts == ["Gespeichert", "Nicht erlaubt"]


def test_service_run_answers_a_refusal_with_the_403_page_when_asked():
    def forbid():
        raise PermissionDenied("Nur die Firma")

    request = _request()
    assert not service_run(request, forbid)  # shown as a message by default
    with pytest.raises(PermissionDenied):
        service_run(request, forbid, forbidden_page=True)

    def hidden():
        raise NotFound("weg")

    with pytest.raises(Http404):  # a hidden object stays a 404 either way
        service_run(request, hidden)
