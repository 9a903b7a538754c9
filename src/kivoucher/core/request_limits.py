"""How much a request may send, enforced while it is read, not after.

Three limits (settings.py), each refused with 413 as soon as it is exceeded:

- KIVOUCHER_MAX_REQUEST_BYTES: the whole body of a request with files;
- DATA_UPLOAD_MAX_MEMORY_SIZE: the body of a request without files (JSON, forms);
- KIVOUCHER_MAX_UPLOAD_BYTES: one uploaded file.

`RequestSizeLimitMiddleware` refuses a body whose declared length (Content-Length)
is over the limit before reading any of it, and has a file upload parsed at once
through `SizeLimitedUploadHandler`, which stops reading when a file or the body
grows past its limit. The reverse proxy refuses bodies beyond its own
`client_max_body_size` earlier still (README, "Several app servers behind a proxy").

Under /api/ the answer is the API's error shape `{"code": "too_large", "message"}`;
pages answer with the error page.
"""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _

TOO_LARGE = "_kivoucher_too_large"


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.0f}" if size % (1024 * 1024) == 0 else f"{size / 1024 / 1024:.1f}"


def too_large_response(request, *, limit: int):
    """413: JSON under /api/, otherwise the error page, in the visitor's language."""
    language = translation.get_language_from_request(request)
    with translation.override(language):
        if _is_multipart(request):
            message = _(
                "The request is too large: at most %(limit)s MB can be sent at once "
                "(one file at most %(file_limit)s MB)."
            )
        else:
            message = _("The request is too large: at most %(limit)s MB can be sent at once.")
        message %= {
            "limit": _megabytes(limit),
            "file_limit": _megabytes(settings.KIVOUCHER_MAX_UPLOAD_BYTES),
        }
        if request.path.startswith("/api/"):
            response = JsonResponse({"code": "too_large", "message": message}, status=413)
        else:
            response = render(request, "core/error.html", {"message": message}, status=413)
    # The rest of the body stays unread: the WSGI server discards it with the
    # connection (a hop-by-hop `Connection` header is the server's, not ours).
    return response


def _is_multipart(request) -> bool:
    return request.META.get("CONTENT_TYPE", "").lower().startswith("multipart/")


def _body_limit(request) -> int:
    if _is_multipart(request):
        return settings.KIVOUCHER_MAX_REQUEST_BYTES
    return settings.DATA_UPLOAD_MAX_MEMORY_SIZE


def _declared_length(request) -> int:
    try:
        return max(int(request.META.get("CONTENT_LENGTH") or 0), 0)
    except ValueError:
        return 0


class SizeLimitedUploadHandler(FileUploadHandler):
    """First of FILE_UPLOAD_HANDLERS: stops the upload as soon as one file is over
    KIVOUCHER_MAX_UPLOAD_BYTES or all files together are over
    KIVOUCHER_MAX_REQUEST_BYTES, and marks the request, so the middleware answers
    413 instead of the view seeing a form without its file."""

    def __init__(self, request=None):
        super().__init__(request)
        self.total = 0

    def receive_data_chunk(self, raw_data, start):
        self.total += len(raw_data)
        file_too_large = start + len(raw_data) > settings.KIVOUCHER_MAX_UPLOAD_BYTES
        if file_too_large or self.total > settings.KIVOUCHER_MAX_REQUEST_BYTES:
            if self.request is not None:
                setattr(self.request, TOO_LARGE, True)
            raise StopUpload(connection_reset=True)
        return raw_data

    def file_complete(self, file_size):
        return None  # the next handlers store the file


class RequestSizeLimitMiddleware:
    """Refuse too large requests early (see the module's docstring). Placed before
    anything that reads the body."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = _body_limit(request)
        if _declared_length(request) > limit:
            return too_large_response(request, limit=limit)
        if request.method == "POST" and _is_multipart(request):
            # Parse now, through SizeLimitedUploadHandler. A malformed body raises
            # as it would in the view (Django answers 400).
            try:
                request.POST  # noqa: B018
            except RequestDataTooBig:
                # The form fields beside the files are over DATA_UPLOAD_MAX_MEMORY_SIZE.
                return too_large_response(request, limit=settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
            if getattr(request, TOO_LARGE, False):
                return too_large_response(request, limit=limit)
        return self.get_response(request)
