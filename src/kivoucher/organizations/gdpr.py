"""Personal data (GDPR) of organisations: the data export and the anonymisation of
directors, next to the people's anonymisation of `kivoucher.core.gdpr`.

The export walks the reverse relations of Organisation (and of the objects found,
a few levels deep), so every line's models that point at an organisation are
included without being listed here. Secrets (password hashes, token hashes, TOTP
keys) are never exported.
"""

import io
import json
import zipfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core import serializers
from django.db import models, transaction
from django.db.models import Max, Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from kivoucher.core.audit import audit_record
from kivoucher.core.gdpr import retention_cutoff, users_anonymise
from kivoucher.core.models import User
from kivoucher.organizations.models import Director, Organisation

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


def _files_of(records) -> list[Path]:
    media = Path(settings.MEDIA_ROOT).resolve()
    paths = []
    for obj in records:
        for f in obj._meta.concrete_fields:
            if isinstance(f, models.FileField):
                value = getattr(obj, f.attname)
                if not value:
                    continue
                path = (media / str(value)).resolve()
                if path.is_relative_to(media) and path.is_file():
                    paths.append(path)
    return paths


def organisation_export_zip(*, organisation: Organisation) -> bytes:
    """A zip: organisation.json (all records) plus the uploaded files under files/."""
    records = organisation_records(organisation=organisation)
    grouped: dict[str, list] = {}
    for obj in records[1:]:
        row = _serialise(obj)
        grouped.setdefault(row["model"], []).append({"pk": row["pk"], **row["fields"]})
    members = User.objects.filter(memberships__organisation=organisation).order_by("pk")
    files = _files_of(records)
    media = Path(settings.MEDIA_ROOT).resolve()
    document = {
        "generated_at": timezone.now().isoformat(),
        "organisation": _serialise(organisation)["fields"] | {"id": organisation.pk},
        "members": list(members.values(*USER_FIELDS)),
        "records": grouped,
        "files": [str(p.relative_to(media)) for p in files],
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "organisation.json",
            json.dumps(document, indent=2, ensure_ascii=False, default=str),
        )
        for path in files:
            archive.write(path, f"files/{path.relative_to(media)}")
    return buffer.getvalue()


@dataclass(frozen=True)
class AnonymisationResult:
    users: int
    directors: int


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
    """Anonymise people whose last activity is older than the retention period, and
    the directors of organisations that are dormant as long (see `directors_anonymise`)."""
    now = now or timezone.now()
    users = users_anonymise(now=now, retention_days=retention_days)
    directors = directors_anonymise(now=now, retention_days=retention_days)
    return AnonymisationResult(users=users, directors=directors)
