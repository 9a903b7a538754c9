"""Finished jobs from `sacct`, as JSON (`--json`) or as `--parsable2` text, and the
usage record each one becomes.

A record's id is `<cluster>:<JobIDRaw>` (array and heterogeneous jobs: each part has
its own raw id), so a job reported twice is charged once. Its quantity is the
allocated count of the charged TRES (GPUs, or CPU cores for a core_hour resource)
times the elapsed seconds / 3600, rounded half-even to six decimals (the usage
API's precision; the platform's own `import-sacct` rounds the same way).
Times: Slurm prints local time without a zone; it is read in the local zone of
the machine (set `TZ` as the cluster's daemons have it) and sent with its offset.
"""

import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import ROUND_HALF_EVEN, Decimal

QUANTUM = Decimal("0.000001")
HOUR = Decimal(3600)
# Slurm's end states of a job that ran (sacct --state takes the short forms).
FINISHED_STATES = "CD,F,TO,CA,NF,OOM,PR,DL,BF"
FINISHED = {
    "COMPLETED",
    "FAILED",
    "TIMEOUT",
    "CANCELLED",
    "NODE_FAIL",
    "OUT_OF_MEMORY",
    "PREEMPTED",
    "DEADLINE",
    "BOOT_FAIL",
}
PARSABLE_FORMAT = "JobIDRaw,Cluster,Account,User,Partition,AllocTRES,ElapsedRaw,Start,End,State"


@dataclass
class Job:
    job_id: str
    cluster: str
    account: str
    user: str
    partition: str
    tres: dict[str, int]
    elapsed: int
    start: datetime
    end: datetime
    state: str

    @property
    def record_id(self) -> str:
        return f"{self.cluster}:{self.job_id}"


def sacct_args(*, accounts: list[str], since: datetime, until: datetime, json_out: bool):
    """With `--state`, sacct selects the jobs that ended in [-S, -E). Slurm reads whole
    seconds: -E is the second after `until`, so a job that ended in the same second as
    `until` is in the window (without -E, sacct would end the window at -S)."""
    window = [
        "-a",
        "-A",
        ",".join(accounts),
        "-S",
        slurm_time(since),
        "-E",
        slurm_time(until + timedelta(seconds=1)),
        f"--state={FINISHED_STATES}",
    ]
    if json_out:
        return ["sacct", "--json", *window]
    return ["sacct", "-X", "-n", "-P", f"--format={PARSABLE_FORMAT}", *window]


def slurm_time(moment: datetime) -> str:
    """A time as Slurm reads it: local time without a zone."""
    return moment.astimezone().strftime("%Y-%m-%dT%H:%M:%S")


def local_time(text: str) -> datetime | None:
    text = (text or "").strip()
    if not text or text in ("Unknown", "None"):
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.astimezone()  # naive: the local zone


def parse_parsable(text: str, *, cluster: str = "") -> list[Job]:
    jobs = []
    width = len(PARSABLE_FORMAT.split(","))
    for line in text.splitlines():
        fields = line.split("|")
        if len(fields) != width:
            continue
        job_id, job_cluster, account, user, partition, tres, elapsed, start, end, state = fields
        job = _job(
            job_id=job_id,
            cluster=job_cluster or cluster,
            account=account,
            user=user,
            partition=partition,
            tres=_tres_text(tres),
            elapsed=elapsed,
            start=local_time(start),
            end=local_time(end),
            state=state.split(" ")[0],
        )
        if job:
            jobs.append(job)
    return jobs


def parse_json(text: str, *, cluster: str = "") -> list[Job]:
    """`sacct --json` of Slurm 21.08 to 25.05 (numbers may be `{"set", "number"}`)."""
    data = json.loads(text)
    jobs = []
    for raw in data.get("jobs") or []:
        times = raw.get("time") or {}
        state = (raw.get("state") or {}).get("current")
        if isinstance(state, list):
            state = state[0] if state else ""
        tres = {}
        for item in (raw.get("tres") or {}).get("allocated") or []:
            kind, name = item.get("type") or "", item.get("name") or ""
            key = f"{kind}/{name}" if name else kind
            count = _number(item.get("count"))
            if key and count is not None and count >= 0:
                tres[key] = count
        start, end = _number(times.get("start")), _number(times.get("end"))
        job = _job(
            job_id=str(_number(raw.get("job_id")) or ""),
            cluster=raw.get("cluster") or cluster,
            account=raw.get("account") or "",
            user=raw.get("user") or "",
            partition=raw.get("partition") or "",
            tres=tres,
            elapsed=str(_number(times.get("elapsed")) or 0),
            start=datetime.fromtimestamp(start, UTC) if start else None,
            end=datetime.fromtimestamp(end, UTC) if end else None,
            state=str(state or ""),
        )
        if job:
            jobs.append(job)
    return jobs


def _job(*, job_id, elapsed, start, end, state, tres, **rest) -> Job | None:
    """A job that ran and finished, or None (steps, running jobs, jobs that never ran)."""
    job_id = job_id.strip()
    if not job_id or "." in job_id or state.upper() not in FINISHED:
        return None
    try:
        seconds = int(elapsed)
    except ValueError:
        return None
    if seconds <= 0 or start is None or end is None:
        return None
    return Job(
        job_id=job_id,
        elapsed=seconds,
        start=start,
        end=end,
        state=state.upper(),
        tres=tres,
        **{k: str(v).strip() for k, v in rest.items()},
    )


def _number(value):
    if isinstance(value, dict):
        if not value.get("set", True) or value.get("infinite"):
            return None
        value = value.get("number")
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return int(value)


def _tres_text(text: str) -> dict[str, int]:
    found = {}
    for part in text.split(","):
        name, sep, value = part.partition("=")
        if not sep:
            continue
        try:
            found[name.strip()] = int(value.strip())
        except ValueError:
            continue  # memory (`40G`) and the like: never charged
    return found


def quantity(count: int, seconds: int) -> Decimal:
    return (Decimal(count) * Decimal(seconds) / HOUR).quantize(QUANTUM, rounding=ROUND_HALF_EVEN)
