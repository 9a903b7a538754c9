"""A fake Slurm for the agent's unit tests: it keeps accounts, users, limits, usage,
jobs and reservations in memory and answers the commands the agent runs in the
formats Slurm 22.05 prints (checked against the real cluster in test_agent_slurm.py).
Every command is recorded; `fail` makes chosen commands fail or hang."""

import json
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from kivoucher_slurm.platform import PlatformError
from kivoucher_slurm.slurm import Completed, SlurmError, parse_tres

CLUSTER = "testcl"
PRICES = [
    {"resource": "h100-80gb", "unit": "gpu_hour", "price": "2.50"},
    {"resource": "cpu", "unit": "core_hour", "price": "0.04"},
    {"resource": "storage", "unit": "tb_month", "price": "20.00"},
]


@dataclass
class FakeJob:
    job_id: int
    account: str
    user: str
    gpus: int
    seconds: int
    end: datetime
    partition: str = "gpu"
    cpus: int = 1
    state: str = "COMPLETED"
    typed: str = ""  # e.g. "h100": AllocTRES also names gres/gpu:h100


@dataclass
class FakeSlurm:
    parents: dict[str, str] = field(default_factory=lambda: {"root": ""})
    users: dict[str, set[str]] = field(default_factory=dict)
    limits: dict[str, dict[str, int]] = field(default_factory=dict)
    used: dict[str, dict[str, int]] = field(default_factory=dict)
    jobs: list[FakeJob] = field(default_factory=list)
    reservations: dict[str, dict[str, str]] = field(default_factory=dict)
    json_sacct: bool = False
    commands: list[list[str]] = field(default_factory=list)
    fail: object = None  # callable(args) -> None | "fail" | "hang" | "refuse"
    nodes: str = "NodeName=n1 Gres=gpu:4 Partitions=gpu State=IDLE"

    def changing(self) -> list[str]:
        readers = {"show"}
        return [
            " ".join(c)
            for c in self.commands
            if not any(r in c for r in readers) and c[0] != "sacct"
        ]

    def __call__(self, args: list[str]) -> Completed:
        self.commands.append(list(args))
        verdict = self.fail(args) if self.fail else None
        if verdict == "hang":
            raise SlurmError(f"`{' '.join(args)}` did not finish within 60 s")
        if verdict == "fail":
            return Completed(args, 1, "", "sacctmgr: error: Problem talking to the database")
        if verdict == "refuse":
            return Completed(args, 0, " Error: bad name\n", "")
        try:
            out = self._answer(args)
        except _Refused as exc:
            return Completed(args, 1, "", str(exc))
        return Completed(args, 0, out, "")

    # -- answers -----------------------------------------------------------------------
    def _answer(self, args):
        opts = {a.split("=", 1)[0].lower(): a.split("=", 1)[1] for a in args if "=" in a}
        if args[:3] == ["scontrol", "show", "config"]:
            return f"Configuration data as of now\nClusterName             = {CLUSTER}\n"
        if args[0] == "sacctmgr" and "show" in args:
            return self._assoc()
        if args[:3] == ["sacctmgr", "-i", "add"] and args[3] == "account":
            for name in args[4].split(","):
                if name in self.parents:
                    raise _Refused(f" Nothing new added. {name} exists")
                self.parents[name] = opts.get("parent", "root")
                self.users[name] = set()
                self.limits[name] = parse_tres(opts.get("grptresmins", ""))
            return " Adding Account(s)\n"
        if args[:3] == ["sacctmgr", "-i", "add"] and args[3] == "user":
            account = opts["account"]
            if account not in self.parents:
                raise _Refused(" Error: no such account")
            self.users[account] |= set(args[4].split(","))
            return " Adding User(s)\n"
        if args[:4] == ["sacctmgr", "-i", "remove", "user"]:
            self.users[opts["account"]] -= set(opts["name"].split(","))
            return " Deleting user associations...\n"
        if args[:4] == ["sacctmgr", "-i", "modify", "account"]:
            for name in opts["name"].split(","):
                limits = self.limits[name]
                for tres, value in parse_tres(opts["grptresmins"]).items():
                    if value < 0:
                        limits.pop(tres, None)
                    else:
                        limits[tres] = value
            return " Modified account associations...\n"
        if args[:3] == ["scontrol", "show", "assoc_mgr"]:
            return self._assoc_mgr(opts["accounts"].split(","))
        if args[0] == "sacct":
            return self._sacct(args, opts)
        if args[:4] == ["scontrol", "-o", "show", "reservation"]:
            if not self.reservations:
                return "No reservations in the system\n"
            return "".join(
                " ".join(f"{k}={v}" for k, v in r.items()) + "\n"
                for r in self.reservations.values()
            )
        if args[:4] == ["scontrol", "-o", "show", "node"]:
            return self.nodes + "\n"
        if args[:3] == ["scontrol", "create", "reservation"]:
            spec = dict(a.split("=", 1) for a in args[3:])
            if spec.get("Accounts") not in self.parents:
                raise _Refused(
                    "Error creating the reservation: Invalid account or "
                    "account/partition combination specified"
                )
            spec.setdefault("PartitionName", "(null)")
            spec.pop("Flags", None)
            if spec.get("StartTime") == "now":
                spec["StartTime"] = "2000-01-01T00:00:00"
            self.reservations[spec["ReservationName"]] = spec
            return f"Reservation created: {spec['ReservationName']}\n"
        if args[:2] == ["scontrol", "update"]:
            spec = dict(a.split("=", 1) for a in args[2:])
            self.reservations[spec["ReservationName"]].update(spec)
            return ""
        if args[:2] == ["scontrol", "delete"]:
            self.reservations.pop(opts["reservationname"])
            return ""
        raise AssertionError(f"the fake does not know {args}")

    def _assoc(self):
        lines = []
        for account, parent in self.parents.items():
            tres = ",".join(f"{k}={v}" for k, v in sorted(self.limits.get(account, {}).items()))
            lines.append(f"{account}||{parent}|{tres}")
            for user in sorted(self.users.get(account, ())):
                lines.append(f"{account}|{user}||")
        return "\n".join(lines) + "\n"

    def _assoc_mgr(self, accounts):
        out = ["Current Association Manager state", "", "Association Records", ""]
        for account in accounts:
            if account not in self.parents:
                continue
            limits, used = self.limits.get(account, {}), self.used.get(account, {})
            tres = ",".join(
                f"{t}={limits.get(t, 'N')}({used.get(t, 0)})" for t in ("cpu", "mem", "gres/gpu")
            )
            out += [
                f"ClusterName={CLUSTER} Account={account} UserName= Partition= Priority=0 ID=7",
                "    SharesRaw/Norm/Level/Factor=1/0.00/1/0.00",
                f"    ParentAccount={self.parents[account]}(2) Lft=3 DefAssoc=No",
                f"    GrpTRESMins={tres}",
                f"    GrpTRESRunMins={tres}",
            ]
            for user in sorted(self.users.get(account, ())):
                out += [
                    f"ClusterName={CLUSTER} Account={account} UserName={user}(1001) "
                    "Partition= Priority=0 ID=9",
                    "    GrpTRESMins=cpu=N(5),mem=N(0),gres/gpu=N(99)",
                ]
        return "\n".join(out) + "\n"

    def _sacct(self, args, opts):
        accounts = set(args[args.index("-A") + 1].split(","))
        since = datetime.fromisoformat(args[args.index("-S") + 1]).astimezone()
        chosen = [j for j in self.jobs if j.account in accounts and j.end >= since]
        if "--json" in args:
            if not self.json_sacct:
                raise _Refused("sacct: fatal: No serializer found for MIME type application/json")
            return json.dumps({"jobs": [self._json_job(j) for j in chosen]})
        lines = []
        for j in chosen:
            tres = f"billing=1,cpu={j.cpus},gres/gpu={j.gpus},mem=4G,node=1"
            if j.typed:
                tres += f",gres/gpu:{j.typed}={j.gpus}"
            start = datetime.fromtimestamp(j.end.timestamp() - j.seconds).astimezone()
            lines.append(
                "|".join(
                    [
                        str(j.job_id),
                        CLUSTER,
                        j.account,
                        j.user,
                        j.partition,
                        tres,
                        str(j.seconds),
                        start.strftime("%Y-%m-%dT%H:%M:%S"),
                        j.end.astimezone().strftime("%Y-%m-%dT%H:%M:%S"),
                        j.state,
                    ]
                )
            )
            lines.append(f"{j.job_id}.batch|{CLUSTER}|{j.account}||||{j.seconds}|||COMPLETED")
        return "\n".join(lines) + "\n"

    def _json_job(self, j):
        end = int(j.end.timestamp())
        return {
            "job_id": j.job_id,
            "cluster": CLUSTER,
            "account": j.account,
            "user": j.user,
            "partition": j.partition,
            "state": {"current": [j.state], "reason": "None"},
            "time": {"elapsed": j.seconds, "start": end - j.seconds, "end": end},
            "tres": {
                "allocated": [
                    {"type": "cpu", "name": "", "id": 1, "count": j.cpus},
                    {"type": "gres", "name": "gpu", "id": 1001, "count": j.gpus},
                ]
            },
        }


class _Refused(Exception):
    pass


class FakePlatform:
    """The platform's API as DESIGN §6 describes it, in memory."""

    def __init__(self, vouchers, *, prices=PRICES, reservations=()):
        self.price_list = list(prices)
        self.voucher_list = vouchers
        self.reservation_list = list(reservations)
        self.received: dict[str, dict] = {}
        self.posts = 0
        self.fail_posts = 0  # this many POSTs answer 5xx (after the agent's retries)
        self.crash_after_post = False

    def prices(self):
        return self.price_list

    def vouchers(self):
        return json.loads(json.dumps(self.voucher_list))

    def reservations(self):
        return self.reservation_list

    def post_usage(self, records):
        if self.fail_posts:
            self.fail_posts -= 1
            raise PlatformError(
                "POST /api/v1/compute/usage: 503 Service Unavailable (after 4 tries)"
            )
        self.posts += 1
        results = []
        for record in records:
            known = self.received.get(record["id"])
            voucher = next((v for v in self.voucher_list if v["code"] == record["voucher"]), None)
            if known is not None:
                status = "duplicate" if known == record else "rejected"
                results.append(
                    {
                        "id": record["id"],
                        "status": status,
                        "charged": "0.00",
                        "uncovered": "0.00",
                        "reason": None if status == "duplicate" else "conflict",
                    }
                )
                continue
            if voucher is None:
                results.append(
                    {
                        "id": record["id"],
                        "status": "rejected",
                        "charged": "0.00",
                        "uncovered": "0.00",
                        "reason": "unknown_voucher",
                    }
                )
                continue
            self.received[record["id"]] = record
            price = Decimal(
                next(p["price"] for p in self.price_list if p["resource"] == record["resource"])
            )
            amount = (Decimal(record["quantity"]) * price).quantize(Decimal("0.01"), "ROUND_FLOOR")
            balance = Decimal(voucher["balance"])
            charged = min(amount, balance)
            voucher["balance"] = f"{balance - charged:.2f}"
            results.append(
                {
                    "id": record["id"],
                    "status": "accepted",
                    "charged": f"{charged:.2f}",
                    "uncovered": f"{amount - charged:.2f}",
                    "reason": None,
                }
            )
        if self.crash_after_post:
            raise KeyboardInterrupt("the agent died after posting")
        return results
