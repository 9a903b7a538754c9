"""Personal data (GDPR) of organisations: the data export and the anonymisation of
directors, next to the people's anonymisation of `kivoucher.core.gdpr`.

The export walks the reverse relations of Organisation (and of the objects found,
a few levels deep), so every line's models that point at an organisation are
included without being listed here. Secrets (password hashes, token hashes, TOTP
keys) are never exported.

Uploaded files (invoices, evidence, issued documents) are stored under MEDIA_ROOT
and their rows keep only the path (`core.uploads.StoredFile`). Each app that
stores files for an organisation says which are its in its own `gdpr` module:
`def organisation_files(organisation) -> Iterable[StoredFile]`, found by the
app's entry in INSTALLED_APPS (the registry pattern of `core/home.py`); the
export puts their bytes under `files/` and lists them in `organisation.json`.
"""

import io
import json
import re
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.core import serializers
from django.core.files.storage import default_storage
from django.db import models, transaction
from django.db.models import Max, Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from kivoucher.core.audit import audit_record
from kivoucher.core.gdpr import retention_cutoff, users_anonymise
from kivoucher.core.models import User
from kivoucher.core.registry import app_modules
from kivoucher.core.uploads import StoredFile
from kivoucher.organizations.models import Director, Invitation, Organisation

EXPORT_DEPTH = 3
SECRET_FIELDS = {"password", "key_hash", "key", "secret", "token", "bin_key"}
# Models never walked into: other organisations and people are referenced by
# id only; ledger, audit and security tables are programme records.
NOT_WALKED = {
    "organizations.organisation",
    "core.user",
    "core.apitoken",
    "core.auditevent",
    "sessions.session",
}
USER_FIELDS = ["id", "username", "first_name", "last_name", "email", "role", "date_joined"]
ANONYMISED_DIRECTOR = "[anonymised]"


def _serialise(obj: models.Model) -> dict:
    row = serializers.serialize("python", [obj])[0]
    fields = {k: v for k, v in row["fields"].items() if k not in SECRET_FIELDS}
    return {"model": row["model"], "pk": row["pk"], "fields": fields}


def _reverse_related(obj: models.Model):
    for rel in obj._meta.related_objects:
        if rel.related_model._meta.label_lower in NOT_WALKED:
            continue
        accessor = rel.get_accessor_name()
        if rel.one_to_one:
            try:
                yield getattr(obj, accessor)
            except rel.related_model.DoesNotExist:
                continue
        else:
            yield from getattr(obj, accessor).all().order_by("pk")[:10000]


def organisation_records(*, organisation: Organisation) -> list[models.Model]:
    """The organisation and every object that belongs to it (reverse relations)."""
    seen = {(organisation._meta.label_lower, organisation.pk)}
    found = [organisation]
    frontier = [organisation]
    for _depth in range(EXPORT_DEPTH):
        nxt = []
        for obj in frontier:
            for child in _reverse_related(obj):
                key = (child._meta.label_lower, child.pk)
                if key in seen:
                    continue
                seen.add(key)
                found.append(child)
                nxt.append(child)
        frontier = nxt
    return found


FILES_CONTRIBUTION = "organisation_files"


def _file_contributions() -> tuple[Callable[[Organisation], Iterable[StoredFile]], ...]:
    """The `organisation_files` of every installed app's `gdpr` module, in app order."""
    return tuple(
        getattr(module, FILES_CONTRIBUTION)
        for module in app_modules("gdpr")
        if hasattr(module, FILES_CONTRIBUTION)
    )


def export_files(*, organisation: Organisation) -> list[StoredFile]:
    """Every stored file the apps hold for the organisation."""
    files: list[StoredFile] = []
    for contribution in _file_contributions():
        files.extend(contribution(organisation))
    return files


def _archive_name(stored: StoredFile) -> str:
    """`files/<app>.<model>/<pk>/<original name>`, the name made safe for a zip."""
    name = re.sub(r"[^\w.\- ]", "_", stored.original_name).lstrip(". ") or "file"
    return f"files/{stored._meta.label_lower}/{stored.pk}/{name}"


def _add_files(archive: zipfile.ZipFile, files: list[StoredFile]) -> list[dict]:
    listed = []
    for stored in files:
        entry = {
            "model": stored._meta.label_lower,
            "pk": stored.pk,
            "original_name": stored.original_name,
            "content_type": stored.content_type,
            "size": stored.size,
            "sha256": stored.sha256,
            "uploaded_at": stored.uploaded_at.isoformat(),
        }
        try:
            with default_storage.open(stored.path, "rb") as handle:
                content = handle.read()
        except FileNotFoundError:
            entry["missing"] = True  # said, not hidden: the row points at no file
        else:
            entry["file"] = _archive_name(stored)
            archive.writestr(entry["file"], content)
        listed.append(entry)
    return listed


def organisation_export_zip(*, organisation: Organisation) -> bytes:
    """A zip: organisation.json (all records, the list of files) plus the uploaded
    files under files/."""
    records = organisation_records(organisation=organisation)
    grouped: dict[str, list] = {}
    for obj in records[1:]:
        row = _serialise(obj)
        grouped.setdefault(row["model"], []).append({"pk": row["pk"], **row["fields"]})
    members = User.objects.filter(memberships__organisation=organisation).order_by("pk")
    document = {
        "generated_at": timezone.now().isoformat(),
        "organisation": _serialise(organisation)["fields"] | {"id": organisation.pk},
        "members": list(members.values(*USER_FIELDS)),
        "records": grouped,
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        document["files"] = _add_files(archive, export_files(organisation=organisation))
        archive.writestr(
            "organisation.json",
            json.dumps(document, indent=2, ensure_ascii=False, default=str),
        )
    return buffer.getvalue()


@dataclass(frozen=True)
class AnonymisationResult:
    users: int
    directors: int
    # What the apps' contributions anonymised (label -> number), those with any.
    others: dict[str, int] = field(default_factory=dict)


ANONYMISE_CONTRIBUTION = "anonymise"


def _anonymise_contributions() -> tuple[Callable[..., dict[str, int]], ...]:
    """The `anonymise(*, now, retention_days) -> {label: number}` of every installed
    app's `gdpr` module (personal data the app keeps apart from users and directors,
    with its own retention period unless `retention_days` is given)."""
    return tuple(
        getattr(module, ANONYMISE_CONTRIBUTION)
        for module in app_modules("gdpr")
        if hasattr(module, ANONYMISE_CONTRIBUTION)
    )


def directors_anonymise(*, now=None, retention_days=None) -> int:
    """Anonymise the directors of organisations older than the retention period none of
    whose members was active within it."""
    cutoff = retention_cutoff(now, retention_days)
    dormant = (
        Organisation.objects.filter(created_at__lt=cutoff)
        .annotate(
            last_member_activity=Max(
                Coalesce("memberships__user__last_login", "memberships__user__date_joined")
            )
        )
        .filter(Q(last_member_activity__isnull=True) | Q(last_member_activity__lt=cutoff))
    )
    directors = 0
    with transaction.atomic():
        for director in (
            Director.objects.select_for_update()
            .filter(organisation__in=dormant)
            .exclude(name__startswith=ANONYMISED_DIRECTOR)
            .order_by("pk")
        ):
            # Unique per row, so anonymised directors never look "shared".
            director.name = f"{ANONYMISED_DIRECTOR} #{director.pk}"
            director.birth_date = None
            director.save(update_fields=["name", "birth_date"])
            audit_record(
                actor=None, action="director.anonymise", obj=director, reason="retention period"
            )
            directors += 1
    return directors


def personal_data_anonymise(*, now=None, retention_days=None) -> AnonymisationResult:
    """Anonymise people whose last activity is older than the retention period, the
    directors of organisations that are dormant as long (see `directors_anonymise`),
    and what the apps contribute (`anonymise` in their `gdpr` module)."""
    now = now or timezone.now()
    users = users_anonymise(now=now, retention_days=retention_days)
    directors = directors_anonymise(now=now, retention_days=retention_days)
    others: dict[str, int] = {}
    for contribution in _anonymise_contributions():
        for label, number in contribution(now=now, retention_days=retention_days).items():
            if number:
                others[label] = others.get(label, 0) + number
    return AnonymisationResult(users=users, directors=directors, others=others)


def invitations_delete(*, now=None, retention_days=None) -> int:
    """Delete invitations older than the retention period that can no longer be used
    (accepted, withdrawn or expired): the address of someone who never joined is not
    kept, and a member's is kept on their account. The audit log keeps the history."""
    now = now or timezone.now()
    cutoff = retention_cutoff(now, retention_days)
    old = Invitation.objects.filter(created_at__lt=cutoff).exclude(
        status=Invitation.Status.PENDING, expires_at__gt=now
    )
    deleted = 0
    with transaction.atomic():
        for invitation in old.select_for_update().order_by("pk"):
            audit_record(
                actor=None,
                action="invitation.delete",
                obj=invitation,
                old_state=invitation.status,
                reason="retention period",
            )
            invitation.delete()
            deleted += 1
    return deleted


def anonymise(*, now=None, retention_days=None) -> dict[str, int]:
    """This app's contribution to `personal_data_anonymise` (besides the directors)."""
    return {"invitations deleted": invitations_delete(now=now, retention_days=retention_days)}
