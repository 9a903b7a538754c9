"""Slurm accounting (`sacct --parsable2`) to usage records.

The file needs a header line naming at least JobIDRaw, Account, ElapsedRaw,
AllocTRES, State, Start and End (a headerless dump can be read with `columns`).
Only job allocations are charged (steps such as `123.batch` are part of their job),
only finished jobs (a running job has no End yet), with elapsed time > 0.

Each job becomes one record with the id `slurm-<JobIDRaw>`, so importing the same
file twice charges once. The Slurm account maps to a voucher (its mapped Slurm
account, or the voucher code itself). The resource is the price-list entry whose
Slurm TRES matches: a typed GPU (`gres/gpu:a100`) first, then `gres/gpu`, then `cpu`.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from kivoucher.compute.models import ComputeVoucher, DataCentre
from kivoucher.compute.selectors import price_book
from kivoucher.compute.services.ingest import MAX_QUANTITY, QUANTUM

REQUIRED = ("JobIDRaw", "Account", "ElapsedRaw", "AllocTRES", "State", "Start", "End")
UNFINISHED = {"RUNNING", "PENDING", "REQUEUED", "RESIZING", "SUSPENDED", "REQUEUE_HOLD"}
HOUR = Decimal(3600)


class NotSacctOutput(ValueError):
    pass


@dataclass
class SacctParse:
    records: list[dict] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (job id, why)
    rejected: list[tuple[str, str]] = field(default_factory=list)  # (job id, reason)


def _tres(text: str) -> dict[str, Decimal]:
    found: dict[str, Decimal] = {}
    for part in text.split(","):
        name, sep, value = part.partition("=")
        if not sep:
            continue
        try:
            count = Decimal(value.strip())
        except ArithmeticError:
            continue
        if count.is_finite():  # NaN would raise in comparisons, Infinity in arithmetic
            found[name.strip()] = count
    return found


def _split(line: str, width: int, delimiter: str, last_is_name: bool) -> list[str] | None:
    fields = line.split(delimiter)
    if len(fields) == width + 1 and fields[-1] == "":  # --parsable: trailing delimiter
        fields = fields[:-1]
    if len(fields) > width and last_is_name:  # JobName may itself contain the delimiter
        fields = fields[: width - 1] + [delimiter.join(fields[width - 1 :])]
    return fields if len(fields) == width else None


def sacct_parse(
    text: str,
    *,
    data_centre: DataCentre,
    columns: list[str] | None = None,
    delimiter: str = "|",
) -> SacctParse:
    if "\x00" in text:
        raise NotSacctOutput("binary data, not sacct output")
    lines = [line.rstrip("\r\n") for line in text.splitlines() if line.strip()]
    if not lines:
        raise NotSacctOutput("the file is empty")
    if columns is None:
        header = lines[0].split(delimiter)
        if header and header[-1] == "":
            header = header[:-1]
        lines = lines[1:]
    else:
        header = columns
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise NotSacctOutput(
            "not sacct --parsable2 output: the header line lacks " + ", ".join(missing)
        )
    index = {name: i for i, name in enumerate(header)}
    width = len(header)
    last_is_name = header[-1] == "JobName"
    tres_map = {}
    for _version, items in price_book(data_centre=data_centre).versions:
        for item in items.values():
            if item.slurm_tres:
                tres_map[item.slurm_tres] = item.resource
    vouchers = {
        v.slurm_account: v.code
        for v in ComputeVoucher.objects.filter(data_centre=data_centre).exclude(slurm_account="")
    }
    result = SacctParse()
    bad_lines = 0
    for number, line in enumerate(lines, start=2 if columns is None else 1):
        fields = _split(line, width, delimiter, last_is_name)
        if fields is None:
            bad_lines += 1
            result.rejected.append((f"line {number}", "malformed_line"))
            continue
        row = {name: fields[i] for name, i in index.items()}
        job = row["JobIDRaw"].strip()
        if not job or "." in job:
            continue  # a job step: part of its job's allocation
        state = row["State"].split(" ")[0].strip().upper()
        if state in UNFINISHED or row["End"] in ("Unknown", "None", ""):
            result.skipped.append((job, "not_finished"))
            continue
        try:
            elapsed = Decimal(int(row["ElapsedRaw"]))
        except ValueError:
            result.rejected.append((job, "invalid_quantity"))
            continue
        if elapsed <= 0:
            result.skipped.append((job, "no_usage"))
            continue
        tres = _tres(row["AllocTRES"])
        resource, count = None, Decimal(0)
        typed = sorted(k for k in tres if k.startswith("gres/gpu:"))
        for name in [*typed, "gres/gpu", "cpu"]:
            if name in tres and name in tres_map and tres[name] > 0:
                resource, count = tres_map[name], tres[name]
                break
        if resource is None:
            result.rejected.append((job, "unknown_resource"))
            continue
        account = row["Account"].strip()
        voucher = vouchers.get(account, account)
        quantity = count * elapsed / HOUR
        if quantity >= MAX_QUANTITY:
            result.rejected.append((job, "invalid_quantity"))
            continue
        quantity = quantity.quantize(QUANTUM)
        result.records.append(
            {
                "id": f"slurm-{job}",
                "voucher": voucher,
                "resource": resource,
                "quantity": str(quantity),
                "start": row["Start"],
                "end": row["End"],
            }
        )
    if lines and bad_lines == len(lines):
        raise NotSacctOutput("no line matches the header: not sacct --parsable2 output")
    return result
