"""Retention of what the reporting app's background work leaves in the media storage:
report PDFs, deleted after KIVOUCHER_TASK_RESULT_DAYS (the retention job,
`kivoucher anonymise-personal-data`)."""

from kivoucher.core.gdpr import stored_files_delete


def anonymise(*, now=None, retention_days=None) -> dict[str, int]:
    deleted = stored_files_delete(folder="reports", prefix="", now=now)
    return {"report PDFs deleted": deleted}
