"""Slurm through its own commands only (`sacctmgr`, `sacct`, `scontrol`).

The commands inherit the environment, so `SLURM_CONF` points them at the cluster.
Every command has a timeout; a command that fails, hangs or is missing is a
SlurmError that names the command and what it printed.

Reading is batched: all associations in one `sacctmgr show assoc`, all usage in one
`scontrol show assoc_mgr`, all reservations in one `scontrol show reservation`.
"""

import re
import shlex
import subprocess
from dataclasses import dataclass, field

# Slurm accepts more, but names outside this set break its own parsers or need quoting.
NAME = re.compile(r"^[a-z0-9_][a-z0-9_.-]{0,63}$")
USER = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.@-]{0,63}$")


class SlurmError(RuntimeError):
    pass


@dataclass
class Completed:
    args: list[str]
    returncode: int
    stdout: str
    stderr: str


def command_text(args: list[str]) -> str:
    return shlex.join(args)


class Runner:
    """Runs a Slurm command; tests replace it with a fake that records the commands."""

    def __init__(self, *, timeout: float = 60.0, env: dict | None = None):
        self.timeout = timeout
        self.env = env

    def __call__(self, args: list[str]) -> Completed:
        try:
            done = subprocess.run(  # noqa: S603 (fixed Slurm commands, no shell)
                args,
                capture_output=True,
                text=True,
                timeout=self.timeout,
                env=self.env,
                check=False,
            )
        except subprocess.TimeoutExpired:
            raise SlurmError(f"`{command_text(args)}` did not finish within {self.timeout:g} s")
        except OSError as exc:
            raise SlurmError(f"`{command_text(args)}` could not be run: {exc.strerror or exc}")
        return Completed(args, done.returncode, done.stdout, done.stderr)


@dataclass
class Association:
    account: str
    parent: str = ""
    users: set[str] = field(default_factory=set)
    limits: dict[str, int] = field(default_factory=dict)  # GrpTRESMins


def parse_tres(text: str) -> dict[str, int]:
    """`gres/gpu=600,cpu=100` -> {"gres/gpu": 600, "cpu": 100} (unparsable parts left out)."""
    found = {}
    for part in (text or "").split(","):
        name, sep, value = part.partition("=")
        if sep:
            try:
                found[name.strip()] = int(value.strip())
            except ValueError:
                continue
    return found


def format_tres(limits: dict[str, int]) -> str:
    return ",".join(f"{name}={value}" for name, value in sorted(limits.items()))


class Slurm:
    """The Slurm commands the agent needs. `dry_run`: changes are printed, not run."""

    def __init__(self, runner, *, cluster: str = "", dry_run: bool = False, echo=print):
        self.runner = runner
        self.cluster = cluster
        self.dry_run = dry_run
        self.echo = echo
        self.changes: list[str] = []  # the commands that changed (or would change) Slurm

    # -- running ---------------------------------------------------------------------
    def read(self, args: list[str]) -> str:
        done = self.runner(args)
        if done.returncode != 0:
            raise SlurmError(_failure(args, done))
        return done.stdout

    def change(self, args: list[str]) -> None:
        self.changes.append(command_text(args))
        if self.dry_run:
            self.echo(command_text(args))
            return
        done = self.runner(args)
        text = f"{done.stdout}\n{done.stderr}"
        # sacctmgr answers some refusals with exit code 0 and a message.
        refused = re.search(r"(?im)^\s*(error|problem|invalid|unknown)\b.*$", text)
        if done.returncode != 0 or (args[0].endswith("sacctmgr") and refused):
            raise SlurmError(_failure(args, done))

    # -- cluster ---------------------------------------------------------------------
    def cluster_name(self) -> str:
        text = self.read(["scontrol", "show", "config"])
        match = re.search(r"(?m)^ClusterName\s*=\s*(\S+)", text)
        if not match:
            raise SlurmError("`scontrol show config` names no ClusterName")
        return match.group(1)

    # -- associations ----------------------------------------------------------------
    def associations(self) -> dict[str, Association]:
        """Every account of the cluster with its parent, users and GrpTRESMins."""
        args = ["sacctmgr", "-nP", "show", "assoc", "format=Account,User,ParentName,GrpTRESMins"]
        if self.cluster:
            args.append(f"cluster={self.cluster}")
        accounts: dict[str, Association] = {}
        for line in self.read(args).splitlines():
            fields = line.split("|")
            if len(fields) < 4:
                continue
            account, user, parent, limits = (f.strip() for f in fields[:4])
            if not account:
                continue
            assoc = accounts.setdefault(account, Association(account))
            if user:
                assoc.users.add(user)
            else:
                assoc.parent = parent
                assoc.limits = parse_tres(limits)
        return accounts

    def usage(self, accounts: list[str]) -> dict[str, dict[str, int]]:
        """The TRES minutes each account has used, as Slurm counts them against
        GrpTRESMins: `GrpTRESMins=gres/gpu=LIMIT(USED)` of the account's association."""
        if not accounts:
            return {}
        text = self.read(
            ["scontrol", "show", "assoc_mgr", "accounts=" + ",".join(accounts), "flags=assoc"]
        )
        used: dict[str, dict[str, int]] = {}
        current = None
        for line in text.splitlines():
            match = re.search(r"ClusterName=\S*\s+Account=(\S+)\s+UserName=(\S*)", line)
            if match:
                # the account's own association has no user (printed as `UserName= `)
                user = match.group(2)
                current = None if user and not user.startswith("Partition=") else match.group(1)
                continue
            if current is None:
                continue
            match = re.search(r"\bGrpTRESMins=(\S+)", line)
            if match:
                values = {}
                for part in match.group(1).split(","):
                    m = re.match(r"^([^=]+)=[^(]*\((\d+)\)$", part)
                    if m:
                        values[m.group(1)] = int(m.group(2))
                used[current] = values
        return used

    def add_parent(self, name: str) -> None:
        args = ["sacctmgr", "-i", "add", "account", name, "Description=KI-Voucher accounts"]
        self.change(self._with_cluster(args))

    def add_accounts(self, names: list[str], limits: dict[str, int]) -> None:
        args = ["sacctmgr", "-i", "add", "account", ",".join(names), f"parent={self.parent}"]
        if limits:
            args.append("GrpTRESMins=" + format_tres(limits))
        self.change(self._with_cluster(args))

    def add_users(self, account: str, users: list[str]) -> None:
        args = ["sacctmgr", "-i", "add", "user", ",".join(users), f"account={account}"]
        self.change(self._with_cluster(args))

    def remove_users(self, account: str, users: list[str]) -> None:
        args = ["sacctmgr", "-i", "remove", "user", "where", "name=" + ",".join(users)]
        args.append(f"account={account}")
        self.change(self._with_cluster(args))

    def set_limits(self, accounts: list[str], limits: dict[str, int]) -> None:
        args = ["sacctmgr", "-i", "modify", "account", "where", "name=" + ",".join(accounts)]
        if self.cluster:
            args.append(f"cluster={self.cluster}")
        args += ["set", "GrpTRESMins=" + format_tres(limits)]
        self.change(args)

    def _with_cluster(self, args: list[str]) -> list[str]:
        return [*args, f"cluster={self.cluster}"] if self.cluster else args

    parent = "kivoucher"

    # -- reservations ----------------------------------------------------------------
    def reservations(self) -> dict[str, dict[str, str]]:
        text = self.read(["scontrol", "-o", "show", "reservation"])
        found = {}
        for line in text.splitlines():
            fields = dict(_key_values(line))
            if "ReservationName" in fields:
                found[fields["ReservationName"]] = fields
        return found

    def create_reservation(self, spec: dict[str, str]) -> None:
        self.change(["scontrol", "create", "reservation", *(f"{k}={v}" for k, v in spec.items())])

    def update_reservation(self, name: str, spec: dict[str, str]) -> None:
        args = ["scontrol", "update", f"ReservationName={name}"]
        self.change(args + [f"{k}={v}" for k, v in spec.items()])

    def delete_reservation(self, name: str) -> None:
        self.change(["scontrol", "delete", f"ReservationName={name}"])


def _key_values(line: str):
    for token in line.split():
        key, sep, value = token.partition("=")
        if sep:
            yield key, value


def _failure(args: list[str], done: Completed) -> str:
    said = " ".join((done.stderr.strip() or done.stdout.strip()).split())[:400]
    return f"`{command_text(args)}` failed (exit {done.returncode})" + (f": {said}" if said else "")
