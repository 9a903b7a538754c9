"""Uploaded files: recognised by their content, limited in size, stored under
MEDIA_ROOT with random names and served only through views that check access.

A file is accepted when its bytes are one of the allowed kinds (PDF, PNG, JPEG,
XML for e-invoices); the name or the browser's content type are never trusted.
A file whose name claims one kind while its bytes are another is refused with
a message that says so.
"""

import hashlib
import secrets
from dataclasses import dataclass
from pathlib import PurePath

import filetype
from defusedxml import DTDForbidden, ElementTree, EntitiesForbidden, ExternalReferenceForbidden
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import models
from django.http import FileResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kivoucher.core.errors import DomainError

PDF, PNG, JPEG, XML = "pdf", "png", "jpg", "xml"
DTD = "dtd"  # XML with a document type declaration: never accepted
MIME = {PDF: "application/pdf", PNG: "image/png", JPEG: "image/jpeg", XML: "application/xml"}
LABELS = {PDF: "PDF", PNG: "PNG", JPEG: "JPEG", XML: "XML"}
EXTENSIONS = {".pdf": PDF, ".png": PNG, ".jpg": JPEG, ".jpeg": JPEG, ".xml": XML}
DOCUMENTS = (PDF, PNG, JPEG)
INVOICES = (PDF, XML)


class UploadRefused(DomainError):
    code = "invalid_file"


@dataclass(frozen=True)
class CheckedUpload:
    kind: str
    content: bytes
    original_name: str

    @property
    def content_type(self) -> str:
        return MIME[self.kind]

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()


def _xml_verdict(content: bytes) -> str | None:
    """XML for well-formed XML without a DTD, DTD for XML that declares a document
    type or entities (refused: external entities, entity expansion), else None."""
    head = content[:512].lstrip(b"\xef\xbb\xbf").lstrip()
    if not head.startswith(b"<"):
        return None
    try:
        ElementTree.fromstring(content, forbid_dtd=True)
    except (DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden):
        return DTD
    except Exception:  # noqa: BLE001 - any other parse failure means "not XML"
        return None
    return XML


def sniff(content: bytes) -> str | None:
    """The kind of a file by its bytes, or None if it is none we accept."""
    guess = filetype.guess(content)
    if guess is not None:
        return {"pdf": PDF, "png": PNG, "jpg": JPEG}.get(guess.extension)
    if _xml_verdict(content) == XML:
        return XML
    return None


def _read(upload) -> bytes:
    if isinstance(upload, bytes | bytearray):
        return bytes(upload)
    limit = settings.KIVOUCHER_MAX_UPLOAD_BYTES
    if getattr(upload, "size", None) and upload.size > limit:
        raise _too_large(upload.size)
    upload.seek(0)
    data = upload.read(limit + 1)
    upload.seek(0)
    return data


def _too_large(size: int) -> UploadRefused:
    return UploadRefused(
        _("The file is too large (%(size)s MB); at most %(limit)s MB are allowed.")
        % {
            "size": round(size / 1024 / 1024, 1),
            "limit": round(settings.KIVOUCHER_MAX_UPLOAD_BYTES / 1024 / 1024, 1),
        },
        code="file_too_large",
    )


def upload_check(upload, *, allowed=DOCUMENTS, name: str | None = None) -> CheckedUpload:
    """Check an uploaded file (Django UploadedFile or bytes) by its content."""
    name = PurePath(name or getattr(upload, "name", "") or "upload").name[:200]
    content = _read(upload)
    if len(content) > settings.KIVOUCHER_MAX_UPLOAD_BYTES:
        raise _too_large(len(content))
    if not content:
        raise UploadRefused(_("The file is empty."))
    kind = sniff(content)
    claimed = EXTENSIONS.get(PurePath(name).suffix.lower())
    if (
        kind is None
        and (claimed == XML or (claimed is None and XML in allowed))
        and _xml_verdict(content) == DTD
    ):
        raise UploadRefused(
            _(
                "The file “%(name)s” is XML with a document type declaration (DTD) or "
                "entities; DTDs and entities are not allowed in uploaded XML."
            )
            % {"name": name},
            code="xml_dtd_forbidden",
        )
    if claimed and kind != claimed:
        raise UploadRefused(
            _(
                "The file “%(name)s” claims to be a %(claimed)s "
                "but its content is not a %(claimed)s."
            )
            % {"name": name, "claimed": LABELS[claimed]}
        )
    if kind not in allowed:
        raise UploadRefused(
            _("This kind of file is not accepted; allowed are: %(allowed)s.")
            % {"allowed": ", ".join(LABELS[k] for k in allowed)}
        )
    return CheckedUpload(kind=kind, content=content, original_name=name)


def upload_store(checked: CheckedUpload, *, folder: str) -> str:
    """Store under MEDIA_ROOT/<folder>/ with a random name; returns the storage path."""
    path = f"{folder}/{secrets.token_urlsafe(24)}.{checked.kind}"
    return default_storage.save(path, ContentFile(checked.content))


def upload_response(*, path: str, filename: str, content_type: str) -> FileResponse:
    """Serve a stored file as a download. Call it only after checking access."""
    response = FileResponse(
        default_storage.open(path, "rb"),
        as_attachment=True,
        filename=filename,
        content_type=content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


class StoredFile(models.Model):
    """Abstract fields of an uploaded file; domains subclass it for their documents."""

    path = models.CharField(max_length=255, editable=False)
    original_name = models.CharField(gettext_lazy("file name"), max_length=200)
    content_type = models.CharField(max_length=60)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True

    def fill_from(self, checked: CheckedUpload, *, folder: str) -> None:
        self.path = upload_store(checked, folder=folder)
        self.original_name = checked.original_name
        self.content_type = checked.content_type
        self.size = len(checked.content)
        self.sha256 = checked.sha256

    def response(self) -> FileResponse:
        return upload_response(
            path=self.path, filename=self.original_name, content_type=self.content_type
        )
