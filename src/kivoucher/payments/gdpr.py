"""Retention of what the payments app's background work leaves in the media storage:
bank statements and their results, deleted after KIVOUCHER_TASK_RESULT_DAYS (the retention job,
`kivoucher anonymise-personal-data`)."""

from kivoucher.core.gdpr import stored_files_delete


def anonymise(*, now=None, retention_days=None) -> dict[str, int]:
    deleted = stored_files_delete(folder="imports", prefix="camt-", now=now)
    return {"bank statements and their results deleted": deleted}
