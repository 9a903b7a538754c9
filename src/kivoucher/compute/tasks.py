"""Background work of line II (django-tasks). `kivoucher verify-gaiax` runs the same
daily job from cron; `compute_daily.enqueue()` hands it to the task workers."""

import json
from collections import Counter

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

from kivoucher.compute.models import DataCentre
from kivoucher.compute.services.imports import sacct_import
from kivoucher.compute.services.onboarding import evidence_verify_all
from kivoucher.compute.services.reports import final_reports_remind
from kivoucher.compute.services.vouchers import compute_vouchers_expire
from kivoucher.core.errors import DomainError
from kivoucher.core.progress import progress_fail, progress_finish, progress_update


@task()
def compute_daily() -> dict:
    """Re-verify every data centre's Gaia-X evidence offline, expire vouchers past
    their validity and remind final reports that are due or overdue."""
    verifications = evidence_verify_all()
    return {
        "verified": {v.data_centre.code: v.data_centre.evidence_status for v in verifications},
        "expired": [v.code for v in compute_vouchers_expire()],
        "reminders": final_reports_remind(),
    }


# --- The sacct import of the data centre's page, run by a worker ----------------------
# The page stores the upload (media storage, `imports/`), hands it to
# `sacct_import_task` and shows its progress (kivoucher.core.progress); the outcome
# the page shows afterwards is kept next to it as JSON under the progress key, read
# back by the page only for the person who started it and staff (compute.views).
# Run again after its worker was killed, the import books nothing twice: records
# already imported count as duplicates (kivoucher.compute.services.ingest).

SACCT_RESULT_PREFIX = "imports/sacct-result-"
PROGRESS_EVERY = 1024 * 1024  # report the bytes read once per MiB


SACCT_RESULT_ROWS = 500


def import_result(summary) -> dict:
    """What the page shows of an upload (kept as JSON next to the progress record)."""
    batch = summary.outcome.batch
    rejected = [(r.id, r.reason) for r in summary.outcome.results if r.status == "rejected"]
    skipped = Counter(why for _job, why in summary.skipped)
    return {
        "data_centre": batch.data_centre_id,
        "filename": batch.filename,
        "rejected": rejected[:SACCT_RESULT_ROWS],
        "more": max(0, len(rejected) - SACCT_RESULT_ROWS),
        "skipped": sorted(skipped.items()),
    }


def sacct_result_name(key: str) -> str:
    return f"{SACCT_RESULT_PREFIX}{key}.json"


def sacct_result_load(key: str) -> dict | None:
    name = sacct_result_name(key)
    if not default_storage.exists(name):
        return None
    with default_storage.open(name, "rb") as stored:
        return json.loads(stored.read().decode())


class _ReadProgress:
    """The stored file, telling the progress record how many KiB were read."""

    def __init__(self, file, *, progress_key: str):
        self.file, self.key = file, progress_key
        self.size = file.size
        self.read_bytes = self.reported = 0

    def seek(self, offset: int, whence: int = 0):
        return self.file.seek(offset, whence)

    def read(self, n: int = -1) -> bytes:
        chunk = self.file.read(n)
        self.read_bytes += len(chunk)
        if self.read_bytes - self.reported >= PROGRESS_EVERY:
            self.reported = self.read_bytes
            progress_update(self.key, done=self.read_bytes // 1024)
        return chunk


@task()
def sacct_import_task(
    *,
    data_centre_id: int,
    actor_id: int,
    stored_name: str,
    filename: str,
    progress_key: str,
    language: str,
):
    with translation.override(language):
        dc = DataCentre.objects.get(pk=data_centre_id)
        actor = get_user_model().objects.get(pk=actor_id)
        if not default_storage.exists(stored_name):  # done before a kill, file removed
            if not default_storage.exists(sacct_result_name(progress_key)):
                progress_fail(progress_key, message=_("The uploaded file is no longer there."))
            return {"error": "gone"}
        size = default_storage.size(stored_name)
        progress_update(
            progress_key, done=0, total=max(1, size // 1024), message=_("Reading the file …")
        )
        try:
            with default_storage.open(stored_name, "rb") as stored:
                summary = sacct_import(
                    actor=actor,
                    data_centre=dc,
                    file=_ReadProgress(stored, progress_key=progress_key),
                    filename=filename,
                )
        except DomainError as error:
            progress_fail(progress_key, message=error.message)
            default_storage.delete(stored_name)
            return {"error": error.code}
        except Exception:
            progress_fail(progress_key, message=_("The import could not run."))
            raise
        result = import_result(summary)
        default_storage.save(
            sacct_result_name(progress_key), ContentFile(json.dumps(result).encode())
        )
        default_storage.delete(stored_name)
        batch = summary.outcome.batch
        progress_finish(
            progress_key,
            message=_("Imported: %(a)s accepted, %(d)s duplicates, %(r)s rejected, %(s)s skipped.")
            % {
                "a": batch.accepted,
                "d": batch.duplicates,
                "r": batch.rejected,
                "s": len(summary.skipped),
            },
            result_url=reverse("compute:data_centre", kwargs={"code": dc.code})
            + f"?import={progress_key}#import-result",
        )
        return {"batch": batch.pk}
