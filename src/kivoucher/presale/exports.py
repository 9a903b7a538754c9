"""The schedule in forms a data centre applies: Slurm reservations and iCalendar.

iCalendar is written directly after RFC 5545 (CRLF lines folded at 75 octets,
escaped text, UTC times); holders subscribe with a signed feed URL.
"""

import re
from datetime import UTC, datetime

from django.core import signing
from django.utils import timezone

from kivoucher.presale.models import Offer, Slot

FEED_SALT = "kivoucher.presale.ical"


def slurm_account(offer: Offer, organisation_id: int) -> str:
    return f"{offer.slurm_account_prefix}_{organisation_id}"


def _slurm_time(value: datetime) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%dT%H:%M:%S")


def slurm_reservations(*, offer: Offer, slots) -> str:
    """`scontrol create reservation` lines, one per slot (whole cluster or one partition)."""
    lines = [
        f"# Slurm reservations for {offer.code} ({offer.title})",
        f"# generated {_slurm_time(timezone.now())}, "
        f"times in {timezone.get_current_timezone_name()}",
    ]
    for slot in slots:
        name = f"{offer.slurm_account_prefix}-{offer.code}-{slot.pk}"
        where = (
            "Nodes=ALL"
            if offer.partitions == 1
            else f"PartitionName=part{slot.partition} Nodes=ALL"
        )
        lines.append(
            "scontrol create reservation "
            f"ReservationName={name} "
            f"StartTime={_slurm_time(slot.start)} EndTime={_slurm_time(slot.end)} "
            f"{where} Accounts={slurm_account(offer, slot.purchase.buyer_id)} "
            "Flags=IGNORE_JOBS"
        )
    return "\n".join(lines) + "\n"


def feed_token(organisation_id: int) -> str:
    return signing.dumps(organisation_id, salt=FEED_SALT, compress=True)


def feed_organisation_id(token: str) -> int | None:
    try:
        return int(signing.loads(token, salt=FEED_SALT))
    except (signing.BadSignature, ValueError, TypeError):
        return None


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> str:
    """Fold to 75 octets per line (RFC 5545 §3.1), never inside a UTF-8 sequence."""
    out, current = [], b""
    for char in line:
        encoded = char.encode()
        limit = 75 if not out else 74
        if len(current) + len(encoded) > limit:
            out.append(current.decode())
            current = b""
        current += encoded
    out.append(current.decode())
    return "\r\n ".join(out)


def _utc(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def ical_feed(*, name: str, slots, host: str = "ki-voucher") -> str:
    host = re.sub(r"[^A-Za-z0-9.-]", "", host) or "ki-voucher"
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//KI-Voucher//Pre-sale slots//DE",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{_escape(name)}",
    ]
    stamp = _utc(timezone.now())
    for slot in slots:
        offer = slot.offer
        status = "CONFIRMED" if slot.status != Slot.Status.PROPOSED else "TENTATIVE"
        lines += [
            "BEGIN:VEVENT",
            f"UID:presale-slot-{slot.pk}@{host}",
            f"DTSTAMP:{stamp}",
            f"DTSTART:{_utc(slot.start)}",
            f"DTEND:{_utc(slot.end)}",
            f"SUMMARY:{_escape(f'{offer.title}: partition {slot.partition}')}",
            "DESCRIPTION:"
            + _escape(
                f"Purchase {slot.purchase.reference} (no. {slot.purchase.sequence}), "
                f"{slot.hours} h, status {slot.status}"
            ),
            f"STATUS:{status}",
            "TRANSP:OPAQUE",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"
