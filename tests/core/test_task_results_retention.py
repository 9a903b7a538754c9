"""Results of background work hold personal data (bank statements with names and
IBANs, import summaries, report PDFs): the retention job deletes them after
KIVOUCHER_TASK_RESULT_DAYS, with their progress records."""

import os
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from kivoucher.core.models import TaskProgress
from kivoucher.core.progress import progress_start
from kivoucher.organizations.gdpr import personal_data_anonymise

pytestmark = pytest.mark.django_db


def _stored(name: str, *, days_old: int) -> str:
    name = default_storage.save(name, ContentFile(b"data"))
    stamp = (timezone.now() - timedelta(days=days_old)).timestamp()
    os.utime(default_storage.path(name), (stamp, stamp))
    return name


def test_old_task_results_are_deleted_and_recent_ones_kept(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.KIVOUCHER_TASK_RESULT_DAYS = 30
    old = [
        _stored("reports/2025-old.pdf", days_old=31),
        _stored("imports/camt-old.xml", days_old=40),
        _stored("imports/camt-report-old.json", days_old=40),
        _stored("imports/sacct-result-old.json", days_old=31),
    ]
    recent = [
        _stored("reports/2026-new.pdf", days_old=2),
        _stored("imports/camt-report-new.json", days_old=29),
        _stored("imports/other-old.txt", days_old=400),  # not a task result: left alone
    ]
    stale = progress_start(user=None, message="old")
    TaskProgress.objects.filter(pk=stale.pk).update(updated_at=timezone.now() - timedelta(days=31))
    fresh = progress_start(user=None, message="new")

    result = personal_data_anonymise()

    assert [default_storage.exists(name) for name in old] == [False] * 4
    assert all(default_storage.exists(name) for name in recent)
    assert list(TaskProgress.objects.values_list("pk", flat=True)) == [fresh.pk]
    assert result.others["report PDFs deleted"] == 1
    assert result.others["bank statements and their results deleted"] == 2
    assert result.others["sacct import files and summaries deleted"] == 1
    assert result.others["task progress records deleted"] == 1
