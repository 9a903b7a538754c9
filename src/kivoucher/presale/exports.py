"""The schedule in forms a data centre applies: Slurm reservations and iCalendar.

iCalendar is written directly after RFC 5545 (CRLF lines folded at 75 octets,
escaped text, UTC times); holders subscribe with a signed feed URL, one per
`CalendarFeed` row (renewable, may expire). A calendar client sends no language:
the feed is written in the holder's (`CalendarFeed.language`, German by default).
"""

import re
import unicodedata
from datetime import UTC, datetime

from django.core import signing
from django.utils import timezone
from django.utils.translation import gettext as _

from kivoucher.presale.models import CalendarFeed, Offer, Slot

# Feed URLs carry the feed's id signed with this salt.
FEED_SALT = "kivoucher.presale.ical.feed"
# URLs of before feeds could be renewed: a signed organisation id. Retired (410).
LEGACY_FEED_SALT = "kivoucher.presale.ical"


# Characters that end, hide or rewrite a line: controls (C0, DEL, C1), format
# characters (bidi overrides), line and paragraph separators.
_UNSAFE_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp"})
# What a Slurm name or value in a command line may hold; everything else is replaced.
_SLURM_VALUE = re.compile(r"[^A-Za-z0-9_.-]")


def _comment(text: str) -> str:
    """Text for a `#` line of the script: every control character becomes a space,
    so no text can end the comment and start a command."""
    return "".join(" " if unicodedata.category(c) in _UNSAFE_CATEGORIES else c for c in text)


def _value(text: str) -> str:
    """A Slurm name (reservation, account, partition): letters, digits, `_.-` only."""
    return _SLURM_VALUE.sub("_", text) or "_"


def slurm_account(offer: Offer, organisation_id: int) -> str:
    return _value(f"{offer.slurm_account_prefix}_{organisation_id}")


def reservation_name(offer: Offer, slot: Slot) -> str:
    """The Slurm reservation of a slot: `{prefix}-{offer code}-{slot id}`."""
    return _value(f"{offer.slurm_account_prefix}-{offer.code}-{slot.pk}")


def reservation_partition(offer: Offer, slot: Slot) -> str | None:
    """The partition a slot reserves (`part{N}`), or None: the whole cluster (an offer
    of one partition)."""
    return None if offer.partitions == 1 else _value(f"part{slot.partition}")


# The slots that should exist as Slurm reservations: the allocation run's proposals
# (their request is `allocated`), confirmed slots, and slots already marked used whose
# end has not passed yet (the Slot.ACTIVE statuses: those that block the calendar).
RESERVED_STATUSES = Slot.ACTIVE


def reservations_of_operator(*, organisation_ids, now=None) -> list[dict]:
    """The line III slots of the offers the organisations operate that should exist as
    Slurm reservations now (status in RESERVED_STATUSES, end in the future), in the
    order of their start; names as in `slurm_reservations`."""
    now = now or timezone.now()
    slots = (
        Slot.objects.filter(
            offer__operator_id__in=organisation_ids,
            status__in=RESERVED_STATUSES,
            end__gt=now,
        )
        .select_related("offer", "purchase")
        .order_by("start", "partition", "pk")
    )
    return [
        {
            "name": reservation_name(slot.offer, slot),
            "account": slurm_account(slot.offer, slot.purchase.buyer_id),
            "partition": reservation_partition(slot.offer, slot),
            "start": slot.start,
            "end": slot.end,
            # The model sells partition-hours, not GPUs: no GPU count is known.
            "gpus": None,
            "status": slot.status,
        }
        for slot in slots
    ]


def _slurm_time(value: datetime) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%dT%H:%M:%S")


def slurm_reservations(*, offer: Offer, slots) -> str:
    """`scontrol create reservation` lines, one per slot (whole cluster or one partition).

    The text is a script an operator runs: comment lines carry no control character
    (`_comment`), and every value in a command line is a plain Slurm name (`_value`),
    whatever the offer's title, code or prefix hold."""
    lines = [
        _comment(f"# Slurm reservations for {offer.code} ({offer.title})"),
        _comment(
            f"# generated {_slurm_time(timezone.now())}, "
            f"times in {timezone.get_current_timezone_name()}"
        ),
    ]
    for slot in slots:
        name = reservation_name(offer, slot)
        partition = reservation_partition(offer, slot)
        where = "Nodes=ALL" if partition is None else f"PartitionName={partition} Nodes=ALL"
        lines.append(
            "scontrol create reservation "
            f"ReservationName={name} "
            f"StartTime={_slurm_time(slot.start)} EndTime={_slurm_time(slot.end)} "
            f"{where} Accounts={slurm_account(offer, slot.purchase.buyer_id)} "
            "Flags=IGNORE_JOBS"
        )
    return "\n".join(lines) + "\n"


def feed_token(feed: CalendarFeed) -> str:
    """The feed's id, signed without a time stamp: calendars keep the URL, so it must
    be the same in every answer (expiry and revocation live on the feed row)."""
    return signing.Signer(salt=FEED_SALT).sign(str(feed.pk))


def feed_id(token: str) -> int | None:
    """The id of the feed a token was made for (None: not a token of ours)."""
    try:
        return int(signing.Signer(salt=FEED_SALT).unsign(token))
    except (signing.BadSignature, ValueError):
        return None


def feed_token_is_legacy(token: str) -> bool:
    """A feed URL of the old kind (an organisation id that could not be revoked)."""
    try:
        int(signing.loads(token, salt=LEGACY_FEED_SALT))
    except (signing.BadSignature, ValueError, TypeError):
        return False
    return True


def _escape(text: str) -> str:
    """RFC 5545 TEXT: escaped `\\ ; ,`, line breaks as `\\n`, no other control character."""
    text = re.sub(r"\r\n?|[\u2028\u2029\x85]", "\n", text)
    text = "".join(c for c in text if c in "\n\t" or unicodedata.category(c) != "Cc")
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
    """The slots as an iCalendar; texts in the active language (the caller chooses)."""
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
            "SUMMARY:"
            + _escape(
                _("%(title)s: partition %(partition)s")
                % {"title": offer.title, "partition": slot.partition}
            ),
            "DESCRIPTION:"
            + _escape(
                _("Purchase %(reference)s (no. %(sequence)s), %(hours)s h, status: %(status)s")
                % {
                    "reference": slot.purchase.reference,
                    "sequence": slot.purchase.sequence,
                    "hours": slot.hours,
                    "status": slot.get_status_display(),
                }
            ),
            f"STATUS:{status}",
            "TRANSP:OPAQUE",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"
