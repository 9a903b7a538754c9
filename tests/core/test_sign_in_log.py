"""The sign-in log (django-axes) is deleted after KIVOUCHER_SIGN_IN_LOG_DAYS by the
retention job, successful sign-ins and failures alike."""

from datetime import timedelta

import pytest
from axes.models import AccessFailureLog, AccessLog
from django.core.management import call_command
from django.utils import timezone

pytestmark = pytest.mark.django_db


def _log(model, days_ago: int):
    row = model.objects.create(username="someone", ip_address="192.0.2.7", user_agent="x")
    model.objects.filter(pk=row.pk).update(attempt_time=timezone.now() - timedelta(days=days_ago))
    return row


def test_the_retention_job_deletes_old_sign_in_records_only(settings, capsys):
    settings.KIVOUCHER_SIGN_IN_LOG_DAYS = 30
    old_success, old_failure = _log(AccessLog, 31), _log(AccessFailureLog, 40)
    recent_success, recent_failure = _log(AccessLog, 29), _log(AccessFailureLog, 1)

    call_command("anonymise_personal_data")

    assert not AccessLog.objects.filter(pk=old_success.pk).exists()
    assert not AccessFailureLog.objects.filter(pk=old_failure.pk).exists()
    assert AccessLog.objects.filter(pk=recent_success.pk).exists()
    assert AccessFailureLog.objects.filter(pk=recent_failure.pk).exists()
    assert "2 sign-in log records deleted" in capsys.readouterr().out
