"""Personal data (GDPR) of people: anonymisation after the retention period.

Anonymisation removes names, e-mail addresses and sign-in secrets of people after
the retention period; the rows stay, so financial records and the audit log (which
holds only `user:<id>` labels) remain intact and verifiable. The organisations'
side (their data export, their directors) is the `gdpr` module of that app.
"""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from kivoucher.core.audit import audit_record
from kivoucher.core.models import User


def retention_cutoff(now=None, retention_days: int | None = None):
    """The instant before which personal data is past its retention period."""
    days = retention_days
    if days is None:
        days = settings.KIVOUCHER_PERSONAL_DATA_RETENTION_DAYS
    return (now or timezone.now()) - timedelta(days=days)


def users_due_for_anonymisation(*, now=None, retention_days=None):
    cutoff = retention_cutoff(now, retention_days)
    return (
        User.objects.filter(anonymised_at__isnull=True)
        .annotate(last_activity=Greatest(Coalesce("last_login", "date_joined"), "date_joined"))
        .filter(last_activity__lt=cutoff)
        .order_by("pk")
    )


def user_anonymise(*, user: User, now=None) -> User:
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        if user.anonymised_at is not None:
            return user
        user.username = f"anonymised-{user.pk}"
        user.first_name = ""
        user.last_name = ""
        user.email = ""
        user.is_active = False
        user.set_unusable_password()
        user.anonymised_at = now or timezone.now()
        user.save(
            update_fields=[
                "username",
                "first_name",
                "last_name",
                "email",
                "is_active",
                "password",
                "anonymised_at",
            ]
        )
        user.api_tokens.filter(revoked_at__isnull=True).update(revoked_at=user.anonymised_at)
        from django_otp.plugins.otp_totp.models import TOTPDevice

        TOTPDevice.objects.filter(user=user).delete()
        audit_record(actor=None, action="user.anonymise", obj=user, reason="retention period")
    return user


def users_anonymise(*, now=None, retention_days=None) -> int:
    """Anonymise the people whose last activity is older than the retention period."""
    users = 0
    for user in users_due_for_anonymisation(now=now, retention_days=retention_days):
        user_anonymise(user=user, now=now)
        users += 1
    return users


def sign_in_log_delete(*, now=None) -> int:
    """Delete django-axes' records of sign-ins (successful ones and failures) older
    than KIVOUCHER_SIGN_IN_LOG_DAYS: they hold network addresses and browsers, kept
    only to trace a break-in. The number of records deleted."""
    from axes.models import AccessFailureLog, AccessLog

    cutoff = (now or timezone.now()) - timedelta(days=settings.KIVOUCHER_SIGN_IN_LOG_DAYS)
    deleted = 0
    for model in (AccessLog, AccessFailureLog):
        deleted += model.objects.filter(attempt_time__lt=cutoff).delete()[0]
    return deleted


def task_results_cutoff(now=None):
    """Results of background work (report PDFs, import summaries with names and IBANs,
    progress records) are kept KIVOUCHER_TASK_RESULT_DAYS, then deleted."""
    return (now or timezone.now()) - timedelta(days=settings.KIVOUCHER_TASK_RESULT_DAYS)


def stored_files_delete(*, folder: str, prefix: str = "", now=None) -> int:
    """Delete the files of `folder` in the media storage whose name starts with
    `prefix` and that were last changed before the task results' cutoff."""
    from django.core.files.storage import default_storage

    cutoff = task_results_cutoff(now)
    try:
        _folders, names = default_storage.listdir(folder)
    except FileNotFoundError:
        return 0
    deleted = 0
    for name in names:
        path = f"{folder}/{name}"
        if name.startswith(prefix) and default_storage.get_modified_time(path) < cutoff:
            default_storage.delete(path)
            deleted += 1
    return deleted


def anonymise(*, now=None, retention_days=None) -> dict[str, int]:
    """Core's part of the retention job besides the users (`organizations.gdpr`). The
    sign-in log and the task results have their own periods, shorter than any
    retention_days given."""
    from kivoucher.core.models import TaskProgress

    progress = TaskProgress.objects.filter(updated_at__lt=task_results_cutoff(now))
    return {
        "sign-in log records deleted": sign_in_log_delete(now=now),
        "task progress records deleted": progress.delete()[0],
    }
