"""Slurm accounting (`sacct --parsable2`) to usage records.

The file needs a header line naming at least JobIDRaw, Account, ElapsedRaw,
AllocTRES, State, Start and End (a headerless dump can be read with `columns`).
Only job allocations are charged (steps such as `123.batch` are part of their job),
only finished jobs (a running job has no End yet), with elapsed time > 0.

The lines are read one by one (`lines` is any iterable, such as a file being
decoded chunk by chunk), so a file is never held in memory whole; at most
`max_records` jobs are taken (the usage API's limit per request).

Each job becomes one record with the id `slurm-<JobIDRaw>`, so importing the same
file twice charges once. The Slurm account maps to a voucher (its mapped Slurm
account, or the voucher code itself). The resource is the price-list entry whose
Slurm TRES matches: a typed GPU (`gres/gpu:a100`) first, then `gres/gpu`, then `cpu`.
"""

from collections.abc import Iterable
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


class TooManyJobs(ValueError):
    def __init__(self, limit: int):
        super().__init__(f"more than {limit} jobs")
        self.limit = limit


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


def _content_lines(lines: Iterable[str]):
    for line in lines:
        if "\x00" in line:
            raise NotSacctOutput("binary data, not sacct output")
        if line.strip():
            yield line.rstrip("\r\n")


def sacct_parse(
    lines: Iterable[str],
    *,
    data_centre: DataCentre,
    columns: list[str] | None = None,
    delimiter: str = "|",
    max_records: int | None = None,
) -> SacctParse:
    """Parse sacct output line by line (`lines` without their line ends, or with)."""
    content = _content_lines(lines)
    if columns is None:
        first = next(content, None)
        if first is None:
            raise NotSacctOutput("the file is empty")
        header = first.split(delimiter)
        if header and header[-1] == "":
            header = header[:-1]
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
    count = bad_lines = 0
    for line in content:
        count += 1
        number = count + (1 if columns is None else 0)  # the line number in the file
        bad_lines += _parse_line(
            line, number, result, index, width, delimiter, last_is_name, tres_map, vouchers
        )
        if max_records is not None and len(result.records) + len(result.rejected) > max_records:
            raise TooManyJobs(max_records)
    if count == 0 and columns is not None:
        raise NotSacctOutput("the file is empty")
    if count and bad_lines == count:
        raise NotSacctOutput("no line matches the header: not sacct --parsable2 output")
    return result


def _parse_line(
    line, number, result, index, width, delimiter, last_is_name, tres_map, vouchers
) -> bool:
    """One line into `result`; True if it does not match the header."""
    fields = _split(line, width, delimiter, last_is_name)
    if fields is None:
        result.rejected.append((f"line {number}", "malformed_line"))
        return True
    row = {name: fields[i] for name, i in index.items()}
    job = row["JobIDRaw"].strip()
    if not job or "." in job:
        return False  # a job step: part of its job's allocation
    state = row["State"].split(" ")[0].strip().upper()
    if state in UNFINISHED or row["End"] in ("Unknown", "None", ""):
        result.skipped.append((job, "not_finished"))
        return False
    try:
        elapsed = Decimal(int(row["ElapsedRaw"]))
    except ValueError:
        result.rejected.append((job, "invalid_quantity"))
        return False
    if elapsed <= 0:
        result.skipped.append((job, "no_usage"))
        return False
    tres = _tres(row["AllocTRES"])
    resource, count = None, Decimal(0)
    typed = sorted(k for k in tres if k.startswith("gres/gpu:"))
    for name in [*typed, "gres/gpu", "cpu"]:
        if name in tres and name in tres_map and tres[name] > 0:
            resource, count = tres_map[name], tres[name]
            break
    if resource is None:
        result.rejected.append((job, "unknown_resource"))
        return False
    account = row["Account"].strip()
    voucher = vouchers.get(account, account)
    quantity = count * elapsed / HOUR
    if quantity >= MAX_QUANTITY:
        result.rejected.append((job, "invalid_quantity"))
        return False
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
    return False
