"""Grid accounting records (EGI APEL, OGF Usage Record) to usage records.

The parsers (`apel.py`, `ogf_ur.py`) turn a file into `Usage` items, format by
format and without the database; `usage_records` maps them onto the data centre's
vouchers and price list, the same way the Slurm import does (`sacct.py`):

- Record ids are stable per record identity (`apel-job-<LocalJobId>-<hash>`,
  `apel-summary-<Site>-<hash>`, `apel-gpu-<AssociatedRecord>-<hash>`,
  `ur-<recordId>-<hash>`, the hash over every field of the identity), so importing a
  file again is `duplicate` and charges nothing twice.
- The voucher: the record's account-like names in the order the parser gives them
  (UR ProjectName; VO, VO group, FQAN; local group; local user) are looked up as a
  voucher's Slurm account or its code (in lower case, as Slurm stores accounts);
  failing that, the local user is looked up among the vouchers' Slurm users (the one
  voucher whose validity holds the record's end, or the only voucher naming that
  user; several: `ambiguous_user`).
- The resource: CPU records are charged in core hours (WallDuration × Processors;
  without a processor count, one; without a wall time, the CPU time) of the price
  list's `core_hour` entry (the one with Slurm TRES `cpu`, or the only one); GPU
  accelerator records in GPU hours (AvailableDuration × Count, else ActiveDuration ×
  Count) of the `gpu_hour` entry: the only one, the one whose typed Slurm TRES
  (`gres/gpu:h100`) names the record's Model, else the untyped `gres/gpu` one.
- Monthly records (APEL summaries, accelerator records) cover their month (UTC); the
  part of it within the voucher's validity is charged (a month wholly outside it is
  rejected `outside_validity` by the ingest).

A record that cannot be mapped is rejected with a reason (REASONS, besides the
ingest's own), never dropped.
"""

import hashlib
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from kivoucher.compute.models import ComputeVoucher, DataCentre, Unit
from kivoucher.compute.selectors import price_book
from kivoucher.compute.services.ingest import MAX_QUANTITY, QUANTUM
from kivoucher.compute.services.vouchers import validity_end

HOUR = Decimal(3600)
CPU, GPU = "cpu", "gpu"

# Reasons of records rejected before the ingest (the ingest's own are in ingest.REASONS).
REASONS = {
    "malformed_record": "A field the record needs is missing or not readable (a number, a "
    "time, a duration).",
    "unsupported_record": "The kind of record carries no usage the platform charges (APEL "
    "sync and cloud records).",
    "not_finished": "The job has not ended yet (no end time, or a running status).",
    "no_usage": "The record's usage is zero.",
    "unknown_resource": "No entry of the price list fits the record (no core_hour entry "
    "for CPU time, no gpu_hour entry for a GPU; other accelerators are not charged).",
    "unknown_voucher": "None of the record's account, group, VO or user names is the "
    "Slurm account, the code or a Slurm user of a voucher of this data centre.",
    "ambiguous_user": "The record's user is a Slurm user of several vouchers.",
    "invalid_quantity": "The usage is implausibly large.",
}


class NotAccountingFile(ValueError):
    """The file is not of the format (the message says why, in English)."""


@dataclass
class Usage:
    """One accounting record, independent of its format."""

    identity: str  # the record id
    kind: str = CPU
    seconds: Decimal | None = None  # core-seconds or GPU-seconds
    start: datetime | None = None
    end: datetime | None = None
    monthly: bool = False  # start..end is a month: charged within the voucher's validity
    names: list[str] = field(default_factory=list)  # account-like names, in order
    user: str = ""  # the local (POSIX) user name
    model: str = ""  # the GPU model


@dataclass
class Rejected:
    identity: str | None
    reason: str


Item = Usage | Rejected


def stable_id(prefix: str, label, *identity) -> str:
    """`prefix-label-hash`: a readable label (whitespace as `_`, at most 120 characters)
    and 16 hex digits of the SHA-256 of every part of the record's identity, so that
    the id is the same on every import and fits a record id (200 characters)."""
    parts = "\x1f".join("" if p is None else str(p).strip() for p in identity)
    digest = hashlib.sha256(parts.encode()).hexdigest()[:16]
    text = re.sub(r"\s+", "_", str(label or "").strip())[:120]
    return f"{prefix}-{text}-{digest}" if text else f"{prefix}-{digest}"


def month_window(year: int, month: int) -> tuple[datetime, datetime]:
    start = datetime(year, month, 1, tzinfo=UTC)
    end = datetime(year + month // 12, month % 12 + 1, 1, tzinfo=UTC)
    return start, end


@dataclass
class _VoucherRef:
    code: str
    slurm_account: str
    users: frozenset
    issued_at: datetime
    ends_at: datetime


class _Resources:
    def __init__(self, data_centre: DataCentre):
        core: dict[str, str] = {}
        gpu: dict[str, str] = {}
        for _version, items in price_book(data_centre=data_centre).versions:
            for item in items.values():
                if item.unit == Unit.CORE_HOUR:
                    core[item.resource] = item.slurm_tres
                elif item.unit == Unit.GPU_HOUR:
                    gpu[item.resource] = item.slurm_tres
        self.core = core
        self.gpu = gpu

    def cpu(self) -> str | None:
        tagged = [r for r, tres in self.core.items() if tres == "cpu"]
        if len(tagged) == 1:
            return tagged[0]
        return next(iter(self.core)) if len(self.core) == 1 else None

    def for_gpu(self, model: str) -> str | None:
        if len(self.gpu) == 1:
            return next(iter(self.gpu))
        text = model.lower()
        words = set(re.split(r"[^a-z0-9]+", text))
        typed = [
            r
            for r, tres in self.gpu.items()
            if tres.startswith("gres/gpu:")
            and (t := tres.split(":", 1)[1].lower())
            and (t in words or (len(t) >= 3 and t in text))
        ]
        if len(typed) == 1:
            return typed[0]
        untyped = [r for r, tres in self.gpu.items() if tres == "gres/gpu"]
        return untyped[0] if len(untyped) == 1 else None


class _Vouchers:
    def __init__(self, data_centre: DataCentre):
        self.refs = [
            _VoucherRef(
                code=v.code,
                slurm_account=v.slurm_account,
                users=frozenset(v.slurm_users or []),
                issued_at=v.issued_at,
                ends_at=validity_end(v),
            )
            for v in ComputeVoucher.objects.filter(data_centre=data_centre).order_by("pk")
        ]
        # Names compare in lower case: Slurm stores account names in lower case.
        self.by_name = {}
        for ref in self.refs:
            self.by_name[ref.code.lower()] = ref
        for ref in self.refs:
            if ref.slurm_account:
                self.by_name[ref.slurm_account.lower()] = ref

    def find(self, usage: Usage) -> _VoucherRef | str:
        """The voucher, or a reason."""
        for name in usage.names:
            if name and name.lower() in self.by_name:
                return self.by_name[name.lower()]
        user = usage.user.lower()
        if user:
            if user in self.by_name:
                return self.by_name[user]
            naming = [r for r in self.refs if user in r.users]
            if len(naming) > 1 and usage.end is not None:
                naming = [r for r in naming if r.issued_at <= usage.end < r.ends_at] or naming
            if len(naming) == 1:
                return naming[0]
            if naming:
                return "ambiguous_user"
        return "unknown_voucher"


def _iso(value: datetime) -> str:
    return value.isoformat()


def usage_records(items: list[Item], *, data_centre: DataCentre) -> list[dict | Rejected]:
    """Each item as a record of the usage ingest or as a rejection, in order."""
    resources = _Resources(data_centre)
    vouchers = _Vouchers(data_centre)
    out: list[dict | Rejected] = []
    for item in items:
        out.append(item if isinstance(item, Rejected) else _record(item, resources, vouchers))
    return out


def _record(usage: Usage, resources: _Resources, vouchers: _Vouchers) -> dict | Rejected:
    reject = lambda reason: Rejected(usage.identity, reason)  # noqa: E731
    if usage.end is None:
        return reject("not_finished")
    if usage.seconds is None:
        return reject("malformed_record")
    if usage.seconds <= 0:
        return reject("no_usage")
    resource = resources.cpu() if usage.kind == CPU else resources.for_gpu(usage.model)
    if resource is None:
        return reject("unknown_resource")
    voucher = vouchers.find(usage)
    if isinstance(voucher, str):
        return reject(voucher)
    quantity = usage.seconds / HOUR
    if quantity >= MAX_QUANTITY:
        return reject("invalid_quantity")
    quantity = quantity.quantize(QUANTUM)
    if quantity <= 0:
        return reject("no_usage")
    start, end = usage.start or usage.end, usage.end
    if usage.monthly:
        # The part of the month within the voucher's validity (if any): from the issue
        # to the last second of its last valid day.
        lo = max(start, voucher.issued_at)
        hi = min(end, voucher.ends_at - timedelta(seconds=1))
        if lo < hi:
            start, end = lo, hi
    return {
        "id": usage.identity,
        "voucher": voucher.code,
        "resource": resource,
        "quantity": str(quantity),
        "start": _iso(start),
        "end": _iso(end),
    }
