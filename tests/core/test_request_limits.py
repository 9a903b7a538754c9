"""Too large requests are refused with 413 while they are read, not after they are
on disk: JSON under /api/ in the API's error shape, pages with the error page."""

import io

import pytest
from django.core.handlers.wsgi import WSGIRequest
from django.test import Client, RequestFactory
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart

from kivoucher.core.request_limits import RequestSizeLimitMiddleware
from tests.applications.factories import PDF_BYTES

pytestmark = pytest.mark.django_db
MB = 1024 * 1024


def test_a_50_mb_json_body_is_a_json_413_before_it_is_read(api_client_for, user_factory):
    client = api_client_for(user_factory(role="dc_operator"))
    # The declared length is what counts: the test client's payload refuses to be read
    # beyond its real 2 bytes, so reading the body would fail the test.
    response = client.post(
        "/api/v1/compute/usage", "{}", content_type="application/json", CONTENT_LENGTH=str(50 * MB)
    )
    assert response.status_code == 413
    body = response.json()
    assert body["code"] == "too_large"
    assert "10 MB" in body["message"] or "25 MB" in body["message"]


def test_a_json_body_over_the_data_limit_is_refused(settings, api_client_for, user_factory):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    client = api_client_for(user_factory(role="dc_operator"))
    response = client.post(
        "/api/v1/compute/usage",
        '{"records": [], "padding": "' + "x" * 2000 + '"}',
        content_type="application/json",
    )
    assert (response.status_code, response.json()["code"]) == (413, "too_large")


def test_a_too_large_page_request_answers_a_german_page(client_for, user_factory):
    client = client_for(user_factory())
    response = client.post(
        "/home/",
        b"--x--",
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(300 * MB),
    )
    assert response.status_code == 413
    assert response["Content-Type"].startswith("text/html")
    text = response.content.decode()
    assert '<html lang="de"' in text
    # German once the lead's translations are compiled; the English msgid until then.
    assert "zu groß" in text or "too large" in text


def test_a_file_over_the_limit_stops_the_upload_early(settings):
    """The upload handler stops reading at the limit: most of the body stays unread."""
    settings.KIVOUCHER_MAX_UPLOAD_BYTES = 10_000
    body = encode_multipart(BOUNDARY, {"file": _named(PDF_BYTES + b"0" * MB, "big.pdf")})
    stream = CountingStream(body)
    environ = RequestFactory()._base_environ(
        PATH_INFO="/proofs/",
        REQUEST_METHOD="POST",
        CONTENT_TYPE=MULTIPART_CONTENT,
        CONTENT_LENGTH=str(len(body)),
    )
    environ["wsgi.input"] = stream
    request = WSGIRequest(environ)

    def view(request):
        raise AssertionError("the view must not be reached")

    response = RequestSizeLimitMiddleware(view)(request)
    assert response.status_code == 413
    assert stream.read_bytes < len(body) / 4


def test_a_file_over_the_limit_is_413_through_the_whole_stack(settings, client_for, user_factory):
    settings.KIVOUCHER_MAX_UPLOAD_BYTES = 10_000
    client = client_for(user_factory())
    response = client.post("/home/", {"file": _named(PDF_BYTES + b"0" * 50_000, "big.pdf")})
    assert response.status_code == 413


def test_files_together_over_the_request_limit_are_refused(settings, client_for, user_factory):
    settings.KIVOUCHER_MAX_UPLOAD_BYTES = 10_000
    settings.KIVOUCHER_MAX_REQUEST_BYTES = 100_000
    client = client_for(user_factory())
    files = [_named(PDF_BYTES + b"0" * 9_000, f"f{i}.pdf") for i in range(12)]
    response = client.post("/home/", {"file": files})
    assert response.status_code == 413


def test_requests_within_the_limits_pass(settings, client_for, user_factory):
    settings.KIVOUCHER_MAX_UPLOAD_BYTES = 10_000
    client = client_for(user_factory())
    response = client.post("/api/v1/tokens", {"name": "x"}, content_type="application/json")
    assert response.status_code == 201
    # A small file reaches the view (here: GET-only start page -> 405, not 413).
    response = client.post("/home/", {"file": _named(PDF_BYTES, "small.pdf")})
    assert response.status_code != 413


def test_the_limits_are_sensible():
    from django.conf import settings

    assert settings.FILE_UPLOAD_HANDLERS[0].endswith("SizeLimitedUploadHandler")
    assert settings.KIVOUCHER_MAX_REQUEST_BYTES > settings.KIVOUCHER_MAX_UPLOAD_BYTES
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE <= settings.KIVOUCHER_MAX_REQUEST_BYTES


def test_a_plain_client_without_a_session_gets_the_page_too():
    response = Client().post(
        "/accounts/login/",
        b"x",
        content_type="application/x-www-form-urlencoded",
        CONTENT_LENGTH=str(40 * MB),
    )
    assert response.status_code == 413


class CountingStream(io.BytesIO):
    def __init__(self, data: bytes):
        super().__init__(data)
        self.read_bytes = 0

    def read(self, size=-1):
        chunk = super().read(size)
        self.read_bytes += len(chunk)
        return chunk

    def readline(self, size=-1):
        line = super().readline(size)
        self.read_bytes += len(line)
        return line


def _named(content: bytes, name: str) -> io.BytesIO:
    f = io.BytesIO(content)
    f.name = name
    return f
