from datetime import timedelta

import pytest
from django.db import IntegrityError, connection, transaction

from kivoucher.core.errors import Conflict
from kivoucher.presale.exports import _fold, feed_id, feed_token, ical_feed
from kivoucher.presale.models import CalendarFeed, Slot
from kivoucher.presale.scheduling import (
    _check_no_double_booking,
)
from tests.presale.factories import make_allocated_slot

pytestmark = pytest.mark.django_db


def _scheduled():
    offer, purchase, slot, org, _user = make_allocated_slot(
        unit_hours=4,
        block_hours=4,
        window_hours=24,
        calendar_days=2,
        buyer_name="Komma, Semikolon; und Ümlaut AG",
    )
    return offer, purchase, slot, org


def test_no_partition_hour_can_be_booked_twice():
    offer, p, slot, _org = _scheduled()
    clash = dict(
        offer=offer,
        request=slot.request,
        purchase=p,
        partition=0,
        start=slot.start + timedelta(hours=2),
        end=slot.end + timedelta(hours=2),
    )
    if connection.vendor == "postgresql":
        # the exclusion constraint refuses the row itself
        with pytest.raises(IntegrityError), transaction.atomic():
            Slot.objects.create(**clash)
    else:
        # SQLite: the service check refuses it (and rolls the transaction back)
        with pytest.raises(Conflict), transaction.atomic():
            Slot.objects.create(**clash)
            _check_no_double_booking(offer)
    # a released slot frees its hours
    Slot.objects.filter(pk=slot.pk).update(status=Slot.Status.RELEASED)
    Slot.objects.create(**clash)


def test_ical_feed_is_rfc5545_text():
    offer, p, slot, org = _scheduled()
    text = ical_feed(name="Kalender, mit; Zeichen", slots=[slot])
    assert text.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    assert text.endswith("END:VCALENDAR\r\n")
    assert "X-WR-CALNAME:Kalender\\, mit\\; Zeichen" in text
    assert f"DTSTART:{slot.start.astimezone(tz=None).strftime('%Y')}" in text
    assert "STATUS:TENTATIVE" in text
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    folded = _fold("DESCRIPTION:" + "ä" * 80)
    assert all(len(part.encode()) <= 75 for part in folded.split("\r\n"))
    assert folded.replace("\r\n ", "") == "DESCRIPTION:" + "ä" * 80
    feed = CalendarFeed.objects.create(organisation=org)
    assert feed_id(feed_token(feed)) == feed.pk
    assert feed_id(feed_token(feed) + "x") is None


def test_allocate_slots_command(capsys):
    from django.core.management import call_command

    offer, p, slot, _org = _scheduled()
    call_command("allocate_slots")
    out = capsys.readouterr().out
    assert f"{offer.code}: 1 requests, 1 served" in out
    slot.refresh_from_db()
    assert slot.status == "proposed"  # unchanged: the same proposal keeps its row


def test_console_allocate_slots(tmp_path):
    import os
    import subprocess
    import sys

    env = {**os.environ, "KIVOUCHER_DATA_DIR": str(tmp_path)}
    env["DJANGO_SETTINGS_MODULE"] = "kivoucher.settings"
    env.pop("DATABASE_URL", None)
    for args in (["migrate", "-v", "0"], ["allocate-slots"]):
        result = subprocess.run(
            [sys.executable, "-m", "kivoucher", *args],
            env=env,
            capture_output=True,
            text=True,
            timeout=180,
        )
        assert result.returncode == 0, result.stderr
    assert "Allocation done." in result.stdout
