"""Background work of payments (django-tasks): the camt.053 import of the bank
statements page, run by a worker while the staff member who uploaded the file sees
its progress (kivoucher.core.progress).

The page stores the upload in the media storage (`imports/camt-<progress key>`) and
hands it to `bank_statement_import_task`; the results table the page shows after it
is kept next to it as JSON under the progress key and read back by the page only for
the person who started it and staff (payments.views.bank_statements). Run again
after its worker was killed, the import changes nothing twice: every transaction is
recorded by its identity (kivoucher.payments.statements)."""

import json
from dataclasses import asdict
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

from kivoucher.core.errors import DomainError
from kivoucher.core.progress import progress_fail, progress_finish, progress_update
from kivoucher.payments.statements import bank_statement_import

REPORT_EVERY = 20  # entries between two progress reports


def statement_upload_name(key: str) -> str:
    return f"imports/camt-{key}.xml"


def statement_report_name(key: str) -> str:
    return f"imports/camt-report-{key}.json"


def statement_report_load(key: str) -> dict | None:
    """The report a task stored, with the amounts as Decimal again (None: none)."""
    name = statement_report_name(key)
    if not default_storage.exists(name):
        return None
    with default_storage.open(name, "rb") as stored:
        report = json.loads(stored.read().decode())
    for entry in report["entries"]:
        if entry["amount"] is not None:
            entry["amount"] = Decimal(entry["amount"])
    return report


def _report_dump(report) -> bytes:
    data = {
        "message_id": report.message_id,
        "statement_id": report.statement_id,
        "counts": report.counts,
        "entries": [asdict(entry) for entry in report.entries],
    }
    return json.dumps(data, default=str).encode()


@task()
def bank_statement_import_task(
    *, actor_id: int, stored_name: str, progress_key: str, language: str
):
    with translation.override(language):
        actor = get_user_model().objects.get(pk=actor_id)
        if not default_storage.exists(stored_name):  # done before a kill, file removed
            if not default_storage.exists(statement_report_name(progress_key)):
                progress_fail(progress_key, message=_("The uploaded file is no longer there."))
            return {"error": "gone"}
        progress_update(progress_key, message=_("Reading the statement …"))
        with default_storage.open(stored_name, "rb") as stored:
            data = stored.read()

        def on_entry(done: int, total: int) -> None:
            if done % REPORT_EVERY == 0 or done == total:
                progress_update(
                    progress_key,
                    done=done,
                    total=total,
                    message=_("Matching the transactions …"),
                )

        try:
            report = bank_statement_import(actor=actor, data=data, on_entry=on_entry)
        except DomainError as error:
            progress_fail(progress_key, message=error.message)
            default_storage.delete(stored_name)
            return {"error": error.code}
        except Exception:
            progress_fail(progress_key, message=_("The statement could not be imported."))
            raise
        default_storage.save(statement_report_name(progress_key), ContentFile(_report_dump(report)))
        default_storage.delete(stored_name)
        progress_finish(
            progress_key,
            message=_(
                "Statement imported: %(n)s transactions, %(matched)s matched, %(unknown)s unknown."
            )
            % {
                "n": len(report.entries),
                "matched": report.count("matched"),
                "unknown": report.count("unknown"),
            },
            result_url=reverse("payments:bank_statements") + f"?import={progress_key}#report",
        )
        return {"entries": len(report.entries)}
