"""EGI APEL accounting messages to `Usage` items (mapped by `accounting.py`).

Two forms are read:

- Key-value messages: a header line `APEL-<type>-message: v<version>` and records of
  `Key: value` lines separated by `%%` lines. Types: individual-job (one record per
  job), summary-job and normalised-summary (one record per month and grouping),
  sync (job counts only), cloud and cloud-summary (virtual machines). A file of
  records without a header (as APEL's tests feed single records) is read too: each
  record's kind is recognised by its fields.
- JSON messages `{"Type": "APEL-accelerator-message", "Version": "0.1",
  "UsageRecords": [...]}`: GPU (and other accelerator) records per month.

What is charged (accounting.py has the mapping): job and summary records in core
hours, accelerator records of Type GPU in GPU hours. Sync and cloud records carry no
usage the platform charges: they are reported as `unsupported_record`. Values
`None`/`NULL` count as missing (APEL writes them for empty fields).

Record identity (APEL's own keys): a job by Site, SubmitHost (else MachineName),
LocalJobId and EndTime; a summary by Site, Year, Month and its grouping fields; an
accelerator record by SiteName, AssociatedRecordType, AssociatedRecord, the month,
Type and Model. An updated summary of a month already imported (APEL resends them
while the month runs) is rejected `conflict`: import summaries of finished months.
"""

import json
import re
from datetime import UTC, datetime, timedelta
from decimal import Decimal, InvalidOperation

from kivoucher.compute.accounting import (
    CPU,
    GPU,
    Item,
    NotAccountingFile,
    Rejected,
    Usage,
    month_window,
    stable_id,
)

HEADER = re.compile(r"\AAPEL-([A-Za-z-]+)-message:\s*v?(\d+(?:\.\d+)*)\s*\Z")
KEY = re.compile(r"\A[A-Za-z][A-Za-z0-9_]*\Z")
KINDS = {
    "individual-job": "job",
    "summary-job": "summary",
    "normalised-summary": "summary",
    "accelerator": "accelerator",
    "sync": "sync",
    "cloud": "cloud",
    "cloud-summary": "cloud",
    "normalised-cloud-summary": "cloud",
}
MISSING = {"", "none", "null"}


class _Bad(ValueError):
    pass


def parse_apel(text: str) -> list[Item]:
    """The records of an APEL message, in order; NotAccountingFile if it is none."""
    if "\x00" in text:
        raise NotAccountingFile("binary data, not an APEL message")
    text = text.lstrip("\ufeff")
    if not text.strip():
        raise NotAccountingFile("the file is empty")
    if text.lstrip().startswith("{"):
        return _json_message(text)
    return _keyvalue_message(text)


def _json_message(text: str) -> list[Item]:
    try:
        message = json.loads(text)
    except json.JSONDecodeError as exc:
        raise NotAccountingFile(
            f"not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})"
        ) from None
    if not isinstance(message, dict) or not isinstance(message.get("UsageRecords"), list):
        raise NotAccountingFile("not an APEL JSON message: it has no UsageRecords list")
    kind = _kind(str(message.get("Type", "")).removesuffix("-message").removeprefix("APEL-"))
    items = []
    for number, raw in enumerate(message["UsageRecords"], start=1):
        if not isinstance(raw, dict):
            items.append(Rejected(f"record {number}", "malformed_record"))
            continue
        record = {str(k): "" if v is None else str(v) for k, v in raw.items()}
        items.append(_item(kind, record, number))
    return items


def _kind(name: str) -> str:
    kind = KINDS.get(name.lower())
    if kind is None:
        raise NotAccountingFile(f"unknown APEL message type {name[:80]!r}")
    return kind


def _keyvalue_message(text: str) -> list[Item]:
    lines = text.splitlines()
    first = next((i for i, line in enumerate(lines) if line.strip()), 0)
    header = HEADER.match(lines[first].strip())
    if header:
        kind, body = _kind(header.group(1)), lines[first + 1 :]
    elif ":" in lines[first] and KEY.match(lines[first].split(":", 1)[0].strip()):
        kind, body = None, lines  # records without a header: recognised by their fields
    else:
        raise NotAccountingFile(
            "not an APEL message: the first line is no 'APEL-<type>-message: v<version>' header"
        )
    items, chunk, number = [], [], 0
    for line in [*body, "%%"]:
        if line.strip() != "%%":
            chunk.append(line)
            continue
        if any(part.strip() for part in chunk):
            number += 1
            items.append(_chunk(kind, chunk, number))
        chunk = []
    if kind is None and all(
        isinstance(i, Rejected) and i.reason == "malformed_record" for i in items
    ):
        raise NotAccountingFile(
            "not an APEL message: no 'APEL-<type>-message: v<version>' header and no record "
            "of a known kind"
        )
    return items


def _chunk(kind: str | None, lines: list[str], number: int) -> Item:
    record = {}
    for line in lines:
        if not line.strip():
            continue
        key, sep, value = line.strip().partition(":")
        if not sep or not KEY.match(key.strip()):
            return Rejected(f"record {number}", "malformed_record")
        record[key.strip()] = value.strip()
    if kind is None:
        kind = _recognise(record)
        if kind is None:
            return Rejected(f"record {number}", "malformed_record")
    return _item(kind, record, number)


def _recognise(record: dict) -> str | None:
    if "AssociatedRecord" in record or "MeasurementMonth" in record:
        return "accelerator"
    if "LocalJobId" in record:
        return "job"
    if "VMUUID" in record:
        return "cloud"
    if "Month" in record and "Year" in record:
        return "summary" if "WallDuration" in record or "CpuDuration" in record else "sync"
    return None


def _item(kind: str, record: dict, number: int) -> Item:
    try:
        if kind == "job":
            return _job(record, number)
        if kind == "summary":
            return _summary(record, number)
        if kind == "accelerator":
            return _accelerator(record, number)
    except _Bad:
        return Rejected(_label(kind, record, number), "malformed_record")
    return Rejected(_label(kind, record, number), "unsupported_record")


def _label(kind: str, record: dict, number: int) -> str:
    key = {"job": "LocalJobId", "accelerator": "AssociatedRecord", "cloud": "VMUUID"}.get(kind)
    value = _get(record, key) if key else ""
    return f"apel-{kind} {value[:120]}" if value else f"record {number}"


def _get(record: dict, key: str) -> str:
    value = record.get(key, "")
    return "" if value.strip().lower() in MISSING else value.strip()


def _decimal(record: dict, key: str) -> Decimal | None:
    value = _get(record, key)
    if not value:
        return None
    try:
        number = Decimal(value)
    except InvalidOperation:
        raise _Bad(key) from None
    if not number.is_finite() or number < 0:
        raise _Bad(key)
    return number


def _time(record: dict, key: str) -> datetime | None:
    """An epoch time (APEL's form), or an ISO 8601 time (UTC without offset)."""
    value = _get(record, key)
    if not value:
        return None
    if re.fullmatch(r"\d+(\.\d+)?", value):
        seconds = Decimal(value)
        if seconds == 0:
            return None  # APEL's "not ended yet"
        try:
            return datetime.fromtimestamp(float(seconds), tz=UTC)
        except (OverflowError, OSError, ValueError):
            raise _Bad(key) from None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise _Bad(key) from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _month(record: dict, year_key: str, month_key: str) -> tuple[int, int]:
    try:
        year, month = int(_get(record, year_key)), int(_get(record, month_key))
    except ValueError:
        raise _Bad(month_key) from None
    if not (1 <= month <= 12 and 1970 <= year <= 9998):
        raise _Bad(month_key)
    return year, month


def _names(record: dict) -> list[str]:
    """Account-like names: VO, VO group, the FQAN's VO and the FQAN, the local group."""
    names = [_get(record, "VO"), _get(record, "VOGroup").strip("/")]
    fqan = _get(record, "FQAN")
    if fqan:
        names += [fqan.strip("/").split("/", 1)[0], fqan]
    names.append(_get(record, "LocalGroupId"))
    return [n for n in names if n]


def _core_seconds(record: dict) -> Decimal | None:
    wall = _decimal(record, "WallDuration")
    processors = _decimal(record, "Processors")
    if wall is not None:
        return wall * (processors if processors else 1)
    return _decimal(record, "CpuDuration")


def _job(record: dict, number: int) -> Item:
    job = _get(record, "LocalJobId")
    host = _get(record, "SubmitHost") or _get(record, "MachineName")
    identity = stable_id("apel-job", job, _get(record, "Site"), host, job, _get(record, "EndTime"))
    if not job:
        raise _Bad("LocalJobId")
    end = _time(record, "EndTime")
    seconds = _core_seconds(record)
    start = _time(record, "StartTime")
    wall = _decimal(record, "WallDuration")
    if start is None and end is not None and wall is not None:
        start = end - timedelta(seconds=float(wall))
    return Usage(
        identity=identity,
        kind=CPU,
        seconds=seconds,
        start=start,
        end=end,
        names=_names(record),
        user=_get(record, "LocalUserId"),
    )


# The grouping of a summary besides its site and month (APEL's key of summaries).
SUMMARY_KEYS = (
    "GlobalUserName",
    "VO",
    "VOGroup",
    "VORole",
    "SubmitHost",
    "Infrastructure",
    "InfrastructureType",
    "ServiceLevelType",
    "NodeCount",
    "Processors",
)


def _summary(record: dict, number: int) -> Item:
    year, month = _month(record, "Year", "Month")
    site = _get(record, "Site")
    identity = stable_id(
        "apel-summary",
        f"{site}-{year}-{month:02d}",
        site,
        year,
        month,
        *[_get(record, k) for k in SUMMARY_KEYS],
    )
    start, end = month_window(year, month)
    return Usage(
        identity=identity,
        kind=CPU,
        seconds=_core_seconds(record),
        start=start,
        end=end,
        monthly=True,
        names=_names(record),
        user=_get(record, "LocalUserId"),
    )


def _accelerator(record: dict, number: int) -> Item:
    year, month = _month(record, "MeasurementYear", "MeasurementMonth")
    associated = _get(record, "AssociatedRecord")
    identity = stable_id(
        "apel-gpu",
        associated,
        _get(record, "SiteName"),
        _get(record, "AssociatedRecordType"),
        associated,
        year,
        month,
        _get(record, "Type"),
        _get(record, "Model"),
    )
    if _get(record, "Type").lower() != "gpu":
        return Rejected(identity, "unknown_resource")
    count = _decimal(record, "Count")
    duration = _decimal(record, "AvailableDuration")
    if duration is None:
        duration = _decimal(record, "ActiveDuration")
    start, end = month_window(year, month)
    return Usage(
        identity=identity,
        kind=GPU,
        seconds=None if duration is None else duration * (1 if count is None else count),
        start=start,
        end=end,
        monthly=True,
        names=_names(record),
        user=_get(record, "LocalUserId"),
        model=_get(record, "Model"),
    )
