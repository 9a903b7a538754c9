"""OGF Usage Record 1.0 documents (GFD.98) to `Usage` items (mapped by `accounting.py`).

Read with defusedxml (no DTDs, no entities). The document is a `JobUsageRecord` or
`UsageRecord`, or a `UsageRecords` container of them, in the UR 1.0 namespace
(`http://schema.ogf.org/urf/2003/09/urf`), the pre-final UR-WG one
(`http://www.gridforum.org/2003/ur-wg`, OSG Gratia) or EMI's Compute Accounting
Record (`http://eu-emi.eu/namespaces/2012/11/computerecord`, derived from UR 1.0).
Elements of other namespaces (SGAS, DEISA extensions) are read only where named
below (the SGAS VO); an out-of-range exit code or any other extension is ignored.

Per record: the id `ur-<recordId>-<hash>` from RecordIdentity/@recordId (without
one: MachineName, LocalJobId and EndTime); CPU usage in core hours: WallDuration ×
Processors (one without a count; without a wall time the CPU time, `all` or the sum
of its parts); StartTime/EndTime (UTC when they carry no offset; a start of
EndTime − WallDuration when missing). A record with a status of a job not ended
(queued, started, held, suspended, running) or without EndTime is `not_finished`.
The voucher is found by ProjectName, the VO (SGAS `vo:VO/vo:Name`, Gratia
`VOName`), the group (`LocalGroup`, `Group`, `GroupAttribute`) and the LocalUserId.
UR 1.0 has no element for GPUs: records are charged as CPU time. Charge is ignored:
the data centre's price list prices the usage.
"""

import re
from datetime import UTC, datetime, timedelta
from decimal import Decimal, InvalidOperation

from defusedxml import DefusedXmlException
from defusedxml import ElementTree as SafeET

from kivoucher.compute.accounting import CPU, Item, NotAccountingFile, Rejected, Usage, stable_id

NAMESPACES = frozenset(
    {
        "http://schema.ogf.org/urf/2003/09/urf",
        "http://www.gridforum.org/2003/ur-wg",
        "http://eu-emi.eu/namespaces/2012/11/computerecord",
    }
)
RECORDS = {"JobUsageRecord", "UsageRecord"}
UNFINISHED = {"queued", "started", "held", "suspended", "running"}
DURATION = re.compile(r"\A(-)?P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?\Z")
SGAS_VO = "http://www.sgas.se/namespaces/2009/05/ur/vo"


class _Bad(ValueError):
    pass


def _split(tag) -> tuple[str, str]:
    if not isinstance(tag, str):  # comments and processing instructions
        return "", ""
    if tag.startswith("{"):
        ns, _, local = tag[1:].partition("}")
        return ns, local
    return "", tag


def parse_ur(data: bytes | str) -> list[Item]:
    """The usage records of a UR document, in order; NotAccountingFile if it is none."""
    if isinstance(data, str):
        data = data.encode()
    if not data.strip():
        raise NotAccountingFile("the file is empty")
    try:
        root = SafeET.fromstring(data)
    except DefusedXmlException as exc:
        raise NotAccountingFile(f"refused XML: {type(exc).__name__}") from None
    except SafeET.ParseError as exc:
        raise NotAccountingFile(f"not well-formed XML: {exc}") from None
    ns, local = _split(root.tag)
    if ns not in NAMESPACES:
        raise NotAccountingFile(
            f"not an OGF usage record: the root element is in the namespace {ns[:100]!r}"
            if ns
            else "not an OGF usage record: the root element has no namespace"
        )
    if local in RECORDS:
        elements = [root]
    elif local == "UsageRecords":
        elements = [
            c for c in root if _split(c.tag)[0] in NAMESPACES and _split(c.tag)[1] in RECORDS
        ]
    else:
        raise NotAccountingFile(f"not an OGF usage record: the root element is {local[:100]!r}")
    items = []
    for number, element in enumerate(elements, start=1):
        try:
            items.append(_record(element))
        except _Bad:
            items.append(Rejected(f"record {number}", "malformed_record"))
    return items


def _children(element, name: str) -> list:
    return [c for c in element if _split(c.tag)[1] == name and _split(c.tag)[0] in NAMESPACES]


def _child(element, name: str):
    found = _children(element, name)
    return found[0] if found else None


def _text(element, *path: str) -> str:
    for name in path:
        if element is None:
            return ""
        element = _child(element, name)
    return (element.text or "").strip() if element is not None else ""


def _attr(element, name: str) -> str:
    if element is None:
        return ""
    for key, value in element.attrib.items():
        if _split(key)[1] == name:
            return value.strip()
    return ""


def _duration(text: str) -> Decimal | None:
    if not text:
        return None
    match = DURATION.match(text)
    if not match or match.group(1) or text in ("P", "PT") or text.endswith("T"):
        raise _Bad(text)
    days, hours, minutes, seconds = (match.group(i) for i in range(2, 6))
    return (
        Decimal(days or 0) * 86400
        + Decimal(hours or 0) * 3600
        + Decimal(minutes or 0) * 60
        + Decimal(seconds or 0)
    )


def _time(text: str) -> datetime | None:
    if not text:
        return None
    try:
        value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise _Bad(text) from None
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _count(text: str) -> Decimal | None:
    if not text:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise _Bad(text) from None
    if not value.is_finite() or value < 0:
        raise _Bad(text)
    return value


def _cpu_time(record) -> Decimal | None:
    parts = {_attr(e, "usageType") or "all": e for e in _children(record, "CpuDuration")}
    if "all" in parts:
        return _duration((parts["all"].text or "").strip())
    values = [_duration((e.text or "").strip()) for e in parts.values()]
    values = [v for v in values if v is not None]
    return sum(values, Decimal(0)) if values else None


def _names(record) -> list[str]:
    user = _child(record, "UserIdentity")
    names = [_text(record, "ProjectName")]
    if user is not None:
        for vo in [c for c in user if _split(c.tag) == (SGAS_VO, "VO")]:
            names += [(n.text or "").strip() for n in vo if _split(n.tag) == (SGAS_VO, "Name")]
        names += [_text(user, "VOName"), _text(user, "ReportableVOName")]
        names += [(g.text or "").strip() for g in _children(user, "GroupAttribute")]
        names += [_text(user, "LocalGroup"), _text(user, "Group")]
    return [n for n in names if n]


def _record(record) -> Item:
    record_id = _attr(_child(record, "RecordIdentity"), "recordId")
    job = _text(record, "JobIdentity", "LocalJobId") or _text(record, "JobIdentity", "GlobalJobId")
    end_text = _text(record, "EndTime")
    if record_id:
        identity = stable_id("ur", record_id, record_id)
    elif job and end_text:
        identity = stable_id("ur", job, _text(record, "MachineName"), job, end_text)
    else:
        raise _Bad("RecordIdentity")
    status = _text(record, "Status").lower()
    end = _time(end_text)
    if status in UNFINISHED:
        end = None
    wall = _duration(_text(record, "WallDuration"))
    processors = _count(_text(record, "Processors"))
    seconds = wall * (processors if processors else 1) if wall is not None else _cpu_time(record)
    start = _time(_text(record, "StartTime"))
    if start is None and end is not None and wall is not None:
        start = end - timedelta(seconds=float(wall))
    return Usage(
        identity=identity,
        kind=CPU,
        seconds=seconds,
        start=start,
        end=end,
        names=_names(record),
        user=_text(record, "UserIdentity", "LocalUserId"),
    )
