"""One pass of the agent: provisioning, metering, limits and reservations.

1. Read the price list and the vouchers redeemable here (two requests), and every
   association of the cluster (one `sacctmgr show assoc`).
2. Provisioning: each voucher's Slurm account exists under the parent account, with
   exactly the voucher's users. New accounts are added in one command per limit.
3. Metering: the finished jobs of all managed accounts since the cursor (one
   `sacct`), posted as usage records in batches; the cursor is saved only up to jobs
   that got a result, so a crash charges nothing twice (record ids are stable).
4. Limits: GrpTRESMins of each TRES = the minutes Slurm has counted for the account
   (`scontrol show assoc_mgr`) + the minutes the remaining balance buys, rounded
   down; zero for every managed account whose voucher is not in the list.
   If the usage could not be posted, limits are only lowered in this pass.
5. Reservations (Line III): the platform's list becomes `scontrol` reservations;
   the agent's own reservations that left the list are deleted.

Every voucher is handled on its own: a failure is reported and the others go on;
the next pass repairs what failed.
"""

import math
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal, InvalidOperation

from kivoucher_slurm import jobs as sacct
from kivoucher_slurm.config import Config
from kivoucher_slurm.platform import Platform, PlatformError
from kivoucher_slurm.slurm import NAME, USER, Association, Slurm, SlurmError
from kivoucher_slurm.tariff import Tariff

ACTIVE = "active"


@dataclass
class Report:
    changes: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    posted: dict[str, int] = field(
        default_factory=lambda: {"accepted": 0, "duplicate": 0, "rejected": 0}
    )
    charged: Decimal = Decimal(0)
    uncovered: Decimal = Decimal(0)

    def lines(self) -> list[str]:
        out = list(self.changes)
        if any(self.posted.values()):
            p = self.posted
            out.append(
                f"usage posted: {p['accepted']} accepted, {p['duplicate']} duplicate, "
                f"{p['rejected']} rejected; charged {self.charged:.2f}, "
                f"uncovered {self.uncovered:.2f}"
            )
        out += [f"note: {n}" for n in self.notes]
        out += [f"error: {e}" for e in self.errors]
        if not self.changes and not any(self.posted.values()) and not self.errors:
            out.append("nothing to change")
        return out


@dataclass
class Wanted:
    code: str
    account: str
    users: set[str]
    active: bool
    balance: Decimal


class Agent:
    def __init__(
        self,
        *,
        config: Config,
        platform: Platform | None,
        slurm: Slurm,
        state: dict,
        now=None,
    ):
        self.config = config
        self.platform = platform
        self.slurm = slurm
        self.state = state
        self.now = now or (lambda: datetime.now(UTC))
        self.report = Report()

    # -- the pass ------------------------------------------------------------------
    def sync(self) -> Report:
        report = self.report
        try:
            prices = self.platform.prices()
            vouchers = self.platform.vouchers()
            cluster = self.config.cluster or self.slurm.cluster_name()
            self.slurm.cluster = cluster
            self.slurm.parent = self.config.parent_account
            associations = self.slurm.associations()
        except (PlatformError, SlurmError) as exc:
            report.errors.append(f"{exc}; nothing was changed")
            return report
        self.cluster = cluster
        self.tariff = Tariff(prices, self.config)
        wanted = self._wanted(vouchers, associations)
        self._provision(wanted, associations)
        # the accounts under the parent: created now or before (one that could not be
        # created is not among them; one whose users failed is: its jobs are metered)
        managed = sorted(
            a for a, assoc in associations.items() if assoc.parent == self.config.parent_account
        )
        metered = self._meter(managed, wanted)
        if metered["charged"] and not self.slurm.dry_run:
            try:
                wanted = self._wanted(self.platform.vouchers(), associations, quiet=True)
            except PlatformError as exc:
                report.errors.append(f"balances after posting: {exc}")
                metered["complete"] = False
        self._limits(managed, wanted, associations, only_lower=not metered["complete"])
        self._reservations()
        if not report.errors:
            self.state["last_sync"] = self.now().isoformat()
        return report

    # -- vouchers --------------------------------------------------------------------
    def _wanted(self, vouchers, associations, quiet=False) -> dict[str, Wanted]:
        wanted: dict[str, Wanted] = {}
        for voucher in vouchers if isinstance(vouchers, list) else []:
            code = str(voucher.get("code") or "")
            account = str(voucher.get("slurm_account") or "").strip().lower()
            if not code:
                continue
            if not account:
                if not quiet:
                    self.report.notes.append(f"voucher {code} has no Slurm account yet")
                continue
            problem = ""
            if not NAME.match(account) or account in ("root", self.config.parent_account):
                problem = f"the Slurm account name {account!r} is not usable"
            elif account in wanted:
                problem = f"account {account} is also the account of voucher {wanted[account].code}"
            elif account in associations and associations[account].parent not in (
                self.config.parent_account,
                "",
            ):
                problem = (
                    f"account {account} exists under {associations[account].parent}, "
                    f"not under {self.config.parent_account}: left alone"
                )
            users, bad = set(), []
            for user in voucher.get("slurm_users") or []:
                name = str(user).strip()
                name = name.lower() if self.config.lowercase_users else name
                (users.add if USER.match(name) else bad.append)(name)
            if bad and not quiet:
                self.report.errors.append(
                    f"voucher {code}: user names Slurm cannot take: {', '.join(map(repr, bad))}"
                )
            if problem:
                if not quiet:
                    self.report.errors.append(f"voucher {code}: {problem}")
                continue
            try:
                balance = Decimal(str(voucher.get("balance")))
                if not balance.is_finite():
                    raise InvalidOperation
            except InvalidOperation:
                balance, active = Decimal(0), False
            else:
                active = voucher.get("status") == ACTIVE and balance > 0
            wanted[account] = Wanted(code, account, users, active, balance)
            self.state["accounts"][account] = code
        return wanted

    # -- provisioning ----------------------------------------------------------------
    def _provision(self, wanted: dict[str, Wanted], associations) -> set[str]:
        """Accounts and users; the accounts that failed."""
        parent = self.config.parent_account
        failed: set[str] = set()
        if parent not in associations:
            try:
                self.slurm.add_parent(parent)
                associations[parent] = Association(parent, parent="root")
                self.report.changes.append(f"parent account created: {parent}")
            except SlurmError as exc:
                self.report.errors.append(f"parent account {parent}: {exc}")
                return set(wanted)
        new = [w for w in wanted.values() if w.account not in associations]
        groups: dict[tuple, list[Wanted]] = {}
        for w in new:
            limits = self._target(w, used={})
            groups.setdefault(tuple(sorted(limits.items())), []).append(w)
        for limits, group in groups.items():
            tries = [group]
            while tries:
                batch = tries.pop(0)
                try:
                    self.slurm.add_accounts([w.account for w in batch], dict(limits))
                except SlurmError as exc:
                    if len(batch) > 1:  # find the account Slurm refuses: one by one
                        tries += [[w] for w in batch]
                        continue
                    failed.add(batch[0].account)
                    self.report.errors.append(f"voucher {batch[0].code}: {exc}")
                    continue
                for w in batch:
                    associations[w.account] = Association(
                        w.account, parent=parent, limits=dict(limits)
                    )
                    self.report.changes.append(
                        f"account created: {w.account} (voucher {w.code})"
                        + (f", limit {_limits_text(dict(limits))}" if limits else "")
                    )
        for w in wanted.values():
            if w.account in failed:
                continue
            assoc = associations[w.account]
            add, remove = sorted(w.users - assoc.users), sorted(assoc.users - w.users)
            try:
                if add:
                    self.slurm.add_users(w.account, add)
                    assoc.users |= set(add)
                    self.report.changes.append(f"users added to {w.account}: {', '.join(add)}")
                if remove:
                    self.slurm.remove_users(w.account, remove)
                    assoc.users -= set(remove)
                    self.report.changes.append(
                        f"users removed from {w.account}: {', '.join(remove)}"
                    )
            except SlurmError as exc:
                failed.add(w.account)
                self.report.errors.append(f"voucher {w.code}: {exc}")
        return failed

    # -- limits ----------------------------------------------------------------------
    def _target(self, w: Wanted | None, used: dict[str, int]) -> dict[str, int]:
        if w is None or not w.active:
            return {tres: 0 for tres in self.tariff.by_tres}
        limits = {}
        for tres, minutes in self.tariff.remaining_minutes(w.balance).items():
            limits[tres] = (
                -1 if minutes < 0 else (0 if minutes == 0 else used.get(tres, 0) + minutes)
            )
        return limits

    def _limits(self, managed, wanted, associations, *, only_lower: bool) -> None:
        if not managed or not self.tariff.by_tres:
            return
        try:
            usage = self.slurm.usage(managed)
        except SlurmError as exc:
            self.report.errors.append(f"limits: {exc}")
            return
        changes: dict[tuple, list[tuple[str, dict]]] = {}
        for account in managed:
            w = wanted.get(account)
            assoc = associations[account]
            target = self._target(w, usage.get(account, {}))
            current = {t: assoc.limits.get(t, -1) for t in target}
            if target == current:
                self._synced(account)
                continue
            if only_lower and any(_above(target[t], current[t]) for t in target):
                self.report.notes.append(
                    f"limit {account} not raised: the usage could not be posted in this pass"
                )
                continue
            changes.setdefault(tuple(sorted(target.items())), []).append((account, current))
        # accounts with the same new limit (all the zeros, say) change in one command
        for target_items, group in changes.items():
            target = dict(target_items)
            tries = [group]
            while tries:
                batch = tries.pop(0)
                try:
                    self.slurm.set_limits([account for account, _ in batch], target)
                except SlurmError as exc:
                    if len(batch) > 1:
                        tries += [[one] for one in batch]
                        continue
                    w = wanted.get(batch[0][0])
                    label = f"voucher {w.code}" if w else f"account {batch[0][0]}"
                    self.report.errors.append(f"{label}: {exc}")
                    continue
                for account, current in batch:
                    w = wanted.get(account)
                    associations[account].limits.update(target)
                    self._synced(account)
                    self.report.changes.append(
                        f"limit {account}: {_limits_text(current)} -> {_limits_text(target)}"
                        + ("" if w and w.active else " (no active voucher)")
                    )

    def _synced(self, account: str) -> None:
        self.state["synced"][account] = self.now().isoformat()

    # -- metering --------------------------------------------------------------------
    def _meter(self, managed: list[str], wanted: dict[str, Wanted]) -> dict:
        outcome = {"charged": False, "complete": True}
        if not managed:
            return outcome
        accounts = set(managed)
        now = self.now()
        overlap = timedelta(minutes=self.config.overlap_minutes)
        cursor = _time(self.state.get("cursor"))
        since = (cursor - overlap) if cursor else now - timedelta(days=self.config.first_days)
        try:
            found = self._read_jobs(managed, since, now)
        except (SlurmError, ValueError) as exc:
            self.report.errors.append(f"metering: {exc}")
            outcome["complete"] = False
            return outcome
        recent: dict[str, str] = self.state["recent"]
        codes = {**self.state["accounts"], **{a: w.code for a, w in wanted.items()}}
        records, done_ids = [], {}
        for job in sorted(found, key=lambda j: (j.end, j.job_id)):
            if job.account.lower() not in accounts or job.end < since:
                continue
            if job.record_id in recent:
                continue
            code = codes.get(job.account.lower())
            charge = self.tariff.charge(job) if code else None
            if not code:
                self.report.errors.append(
                    f"job {job.record_id} of account {job.account}: no voucher known for the "
                    "account; not posted"
                )
                done_ids[job.record_id] = job.end
                continue
            if isinstance(charge, str):
                self.report.notes.append(f"job {job.record_id} ({code}) not charged: {charge}")
                done_ids[job.record_id] = job.end
                continue
            resource, count = charge
            records.append(
                (
                    job,
                    {
                        "id": job.record_id,
                        "voucher": code,
                        "resource": resource,
                        "quantity": str(sacct.quantity(count, job.elapsed)),
                        "start": job.start.isoformat(),
                        "end": job.end.isoformat(),
                    },
                )
            )
        if self.slurm.dry_run:
            if records:
                self.slurm.echo(f"# would post {len(records)} usage record(s)")
            return outcome
        unposted = []
        size = self.config.batch_size
        for offset in range(0, len(records), size):
            batch = records[offset : offset + size]
            if unposted:
                unposted += batch
                continue
            try:
                results = self.platform.post_usage([r for _, r in batch])
            except PlatformError as exc:
                self.report.errors.append(f"usage: {exc}; the jobs are posted again next pass")
                unposted += batch
                continue
            for (job, record), result in zip(batch, results, strict=True):
                self._result(record, result)
                done_ids[job.record_id] = job.end
                if result.get("status") == "accepted":
                    outcome["charged"] = True
        # the cursor: every job ending before it has a result (or is not chargeable)
        new_cursor = min(j.end for j, _ in unposted) if unposted else now
        outcome["complete"] = not unposted
        for record_id, end in done_ids.items():
            recent[record_id] = end.astimezone(UTC).isoformat()
        horizon = new_cursor - overlap
        for record_id in [k for k, v in recent.items() if (_time(v) or horizon) < horizon]:
            del recent[record_id]
        self.state["cursor"] = new_cursor.astimezone(UTC).isoformat()
        return outcome

    def _read_jobs(self, accounts, since, until) -> list[sacct.Job]:
        fmt = self.config.sacct_format
        if fmt in ("auto", "json"):
            args = sacct.sacct_args(accounts=accounts, since=since, until=until, json_out=True)
            done = self.slurm.runner(args)
            if done.returncode == 0:
                try:
                    return sacct.parse_json(done.stdout, cluster=self.cluster)
                except ValueError:
                    if fmt == "json":
                        raise ValueError("`sacct --json` printed no JSON")
            elif fmt == "json":
                raise SlurmError(f"`sacct --json` failed: {done.stderr.strip()[:300]}")
        args = sacct.sacct_args(accounts=accounts, since=since, until=until, json_out=False)
        return sacct.parse_parsable(self.slurm.read(args), cluster=self.cluster)

    def _result(self, record: dict, result: dict) -> None:
        status = result.get("status")
        if status in self.report.posted:
            self.report.posted[status] += 1
        for key in ("charged", "uncovered"):
            try:
                value = Decimal(str(result.get(key) or "0"))
            except InvalidOperation:
                value = Decimal(0)
            setattr(self.report, key, getattr(self.report, key) + value)
        if status == "rejected":
            self.report.errors.append(
                f"record {record['id']} (voucher {record['voucher']}) rejected: "
                f"{result.get('reason')}"
            )

    # -- reservations ----------------------------------------------------------------
    def _reservations(self) -> None:
        try:
            listed = self.platform.reservations()
            existing = self.slurm.reservations()
        except (PlatformError, SlurmError) as exc:
            self.report.errors.append(f"reservations: {exc}")
            return
        ours = set(self.state["reservations"])
        prefix = self.config.reservation_prefix
        if prefix:
            ours |= {name for name in existing if name.startswith(prefix)}
        wanted = {}
        for item in listed if isinstance(listed, list) else []:
            if str(item.get("status", "")).lower() in ("released", "cancelled", "canceled"):
                continue
            name = str(item.get("name") or "")
            if not re.match(r"^[A-Za-z0-9_.-]{1,100}$", name):
                self.report.errors.append(f"reservation {name!r}: not a usable name")
                continue
            wanted[name] = item
        now = self.now()
        per_node = None
        for name, item in sorted(wanted.items()):
            try:
                start, end = _time(item.get("start")), _time(item.get("end"))
                if start is None or end is None or end <= now:
                    continue
                account = str(item.get("account") or "").lower()
                spec = {
                    "StartTime": "now" if start <= now else sacct.slurm_time(start),
                    "EndTime": sacct.slurm_time(end),
                    "Accounts": account,
                }
                if item.get("partition"):
                    spec["PartitionName"] = str(item["partition"])
                gpus = item.get("gpus")
                if gpus:
                    if per_node is None:
                        per_node = self._gpus_per_node()
                    spec["NodeCnt"] = str(math.ceil(int(gpus) / per_node(item.get("partition"))))
                else:
                    spec["Nodes"] = "ALL"
                spec["Flags"] = "IGNORE_JOBS"
                if name in existing:
                    if name not in ours:
                        self.report.errors.append(
                            f"reservation {name} exists but was not made by the agent: left alone"
                        )
                        continue
                    if _same(existing[name], spec, start <= now):
                        continue
                    if _same_place(existing[name], spec):
                        # times and account: changed in place, nothing is ever half done
                        update = {k: spec[k] for k in ("StartTime", "EndTime", "Accounts")}
                        if start <= now:
                            del update["StartTime"]
                        self.slurm.update_reservation(name, update)
                    else:
                        self.slurm.delete_reservation(name)
                        self.slurm.create_reservation({"ReservationName": name, **spec})
                    self.report.changes.append(f"reservation changed: {name} ({account})")
                else:
                    self.slurm.create_reservation({"ReservationName": name, **spec})
                    self.report.changes.append(
                        f"reservation created: {name} ({account}, {spec['StartTime']} to "
                        f"{spec['EndTime']})"
                    )
                ours.add(name)
            except (SlurmError, ValueError, TypeError, ZeroDivisionError) as exc:
                self.report.errors.append(f"reservation {name}: {exc}")
        for name in sorted(ours - set(wanted)):
            if name in existing:
                try:
                    self.slurm.delete_reservation(name)
                except SlurmError as exc:
                    self.report.errors.append(f"reservation {name}: {exc}")
                    continue
                self.report.changes.append(f"reservation deleted: {name}")
            ours.discard(name)
        self.state["reservations"] = sorted(ours)

    def _gpus_per_node(self):
        """partition -> the fewest GPUs a node of it has (`scontrol -o show node`)."""
        text = self.slurm.read(["scontrol", "-o", "show", "node"])
        per_partition: dict[str, int] = {}
        overall = 0
        for line in text.splitlines():
            fields = dict(kv.split("=", 1) for kv in line.split() if "=" in kv)
            gpus = sum(
                int(m.group(1))
                for m in re.finditer(r"gpu(?::[^:,(]+)?:(\d+)", fields.get("Gres", ""))
            )
            if not gpus:
                continue
            overall = min(overall, gpus) if overall else gpus
            for partition in fields.get("Partitions", "").split(","):
                if partition:
                    old = per_partition.get(partition)
                    per_partition[partition] = min(old, gpus) if old else gpus

        def lookup(partition):
            count = per_partition.get(partition) if partition else overall
            if not count:
                raise ValueError(f"no node with GPUs in partition {partition or '(any)'}")
            return count

        return lookup


def _same(existing: dict[str, str], spec: dict[str, str], started: bool) -> bool:
    if not started and existing.get("StartTime") != spec["StartTime"]:
        return False
    if existing.get("EndTime") != spec["EndTime"]:
        return False
    if existing.get("Accounts", "").lower() != spec["Accounts"]:
        return False
    return _same_place(existing, spec)


def _same_place(existing: dict[str, str], spec: dict[str, str]) -> bool:
    """The same partition and size (what `scontrol update` cannot change safely)."""
    partition = existing.get("PartitionName", "(null)")
    if spec.get("PartitionName", "(null)") != partition:
        return False
    if "NodeCnt" in spec and existing.get("NodeCnt") != spec["NodeCnt"]:
        return False
    if "Nodes" in spec and "ALL_NODES" not in existing.get("Flags", "ALL_NODES"):
        return False
    return True


def _above(target: int, current: int) -> bool:
    if current < 0:  # no limit now: anything is lower
        return False
    return target < 0 or target > current


def _limits_text(limits: dict[str, int]) -> str:
    if not limits:
        return "none"
    return ", ".join(f"{t}={'none' if v < 0 else v}" for t, v in sorted(limits.items())) + " min"


def _time(value) -> datetime | None:
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.astimezone()
