"""Retention of what the compute app's background work leaves in the media storage:
sacct import files and summaries, deleted after KIVOUCHER_TASK_RESULT_DAYS (the retention job,
`kivoucher anonymise-personal-data`)."""

from kivoucher.core.gdpr import stored_files_delete


def anonymise(*, now=None, retention_days=None) -> dict[str, int]:
    deleted = stored_files_delete(folder="imports", prefix="sacct-", now=now)
    return {"sacct import files and summaries deleted": deleted}
