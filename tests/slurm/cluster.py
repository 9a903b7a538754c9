"""A private Slurm cluster for the tests of the `kivoucher-slurm` site agent.

`SlurmCluster.start()` builds a whole Slurm installation in a fresh temporary
folder and starts its daemons on free ports: its own munge key and munged socket,
slurmdbd with a fresh MariaDB database (a unique name per run, dropped at the
end), slurmctld, and one slurmd whose node declares four GPUs as gres (plain
files stand in for the devices). Nothing of the machine's own Slurm or munge
configuration is used or changed, so two clusters (two xdist workers) can run
side by side. Clients find the cluster through `SLURM_CONF` in `cluster.env`;
slurm.conf names the munge socket (`AuthInfo=socket=...`).

Jobs are submitted as unprivileged Linux users (`TEST_USERS`, created when
missing): `submit()` runs sbatch with `runuser -u <user>`, as the user would
(sbatch's root-only `--uid` would do too). Everything runs as root (`make test`
installs the packages as root; see tests/slurm/README.md).

When a daemon cannot start, `SlurmClusterError` says which one and shows the
tail of every daemon's log: the tests fail, they are never skipped.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import pwd
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

GPUS = 4
CPUS = 8
PARTITION = "gpu"
TEST_USERS = ("kivslurm1", "kivslurm2", "kivslurm3", "kivslurm4")
DAEMONS = ("munged", "slurmdbd", "slurmctld", "slurmd")
FINISHED_STATES = frozenset(
    {
        "BOOT_FAIL",
        "CANCELLED",
        "COMPLETED",
        "DEADLINE",
        "FAILED",
        "NODE_FAIL",
        "OUT_OF_MEMORY",
        "PREEMPTED",
        "TIMEOUT",
    }
)
COMMAND_TIMEOUT = 60
MARIADB = "/usr/sbin/mariadbd"
DATABASE_PREFIX = "kiv_slurm_"
DIR_PREFIX = "kiv-slurm-"
KEEP_ENV = "KIVOUCHER_SLURM_KEEP"  # set to 1: keep the temporary folder for a post-mortem


class SlurmClusterError(RuntimeError):
    """The private cluster could not be built, started or asked."""


def free_ports(count: int) -> list[int]:
    """Ports nobody listens on now (all held open together, so they differ)."""
    sockets = []
    try:
        for _ in range(count):
            sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            sock.bind(("", 0))
            sockets.append(sock)
        return [sock.getsockname()[1] for sock in sockets]
    finally:
        for sock in sockets:
            sock.close()


def _port_open(host: str, port: int) -> bool:
    with contextlib.suppress(OSError), socket.create_connection((host, port), timeout=1):
        return True
    return False


def ensure_mariadb(timeout: float = 60) -> None:
    """MariaDB on 127.0.0.1:3306 is slurmdbd's storage; start it when it is down."""
    if _port_open("127.0.0.1", 3306):
        return
    if not Path(MARIADB).exists():
        raise SlurmClusterError(
            "The Slurm tests need MariaDB for slurmdbd: apt-get install -y mariadb-server"
        )
    subprocess.run(  # noqa: S603 - fixed command
        ["start-stop-daemon", "--start", "--oknodo", "--background", "--exec", MARIADB],
        check=False,
        capture_output=True,
        timeout=COMMAND_TIMEOUT,
    )
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if _port_open("127.0.0.1", 3306):
            return
        time.sleep(0.5)
    raise SlurmClusterError(f"MariaDB did not answer on 127.0.0.1:3306 within {timeout:.0f} s")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


_PRCTL = None


def _die_with_parent() -> None:
    """In the daemon before exec: SIGTERM when the test process dies (a killed
    pytest leaves no daemons behind). Only a C call here: this runs after fork."""
    _PRCTL(1, int(signal.SIGTERM))  # PR_SET_PDEATHSIG


def remove_leftovers() -> None:
    """Drop the databases and folders of clusters whose test process is gone
    (a run killed before its teardown); those of live processes stay."""
    result = subprocess.run(  # noqa: S603 - fixed command
        ["mysql", "-h", "127.0.0.1", "-u", "root", "-N", "-B", "-e", "SHOW DATABASES"],  # noqa: S607
        capture_output=True,
        text=True,
        timeout=COMMAND_TIMEOUT,
        check=False,
    )
    for name in result.stdout.split():
        owner = name.removeprefix(DATABASE_PREFIX).split("_")[0]
        if name.startswith(DATABASE_PREFIX) and owner.isdigit() and not _alive(int(owner)):
            _mysql(f"DROP DATABASE IF EXISTS `{name}`")
    if os.environ.get(KEEP_ENV):
        return
    for folder in Path(tempfile.gettempdir()).glob(f"{DIR_PREFIX}*"):
        owner_file = folder / "owner.pid"
        with contextlib.suppress(OSError, ValueError):
            if not _alive(int(owner_file.read_text())):
                shutil.rmtree(folder, ignore_errors=True)


def ensure_users(names: Sequence[str] = TEST_USERS) -> None:
    """Linux users for the Slurm users (jobs run as them): no home, no login shell."""
    for name in names:
        try:
            pwd.getpwnam(name)
        except KeyError:
            subprocess.run(  # noqa: S603 - fixed command
                ["useradd", "-M", "-U", "-s", "/usr/sbin/nologin", name],  # noqa: S607
                check=True,
                capture_output=True,
                timeout=COMMAND_TIMEOUT,
            )


def _mysql(sql: str) -> None:
    result = subprocess.run(  # noqa: S603 - fixed command
        ["mysql", "-h", "127.0.0.1", "-P", "3306", "-u", "root", "-e", sql],  # noqa: S607
        capture_output=True,
        text=True,
        timeout=COMMAND_TIMEOUT,
        check=False,
    )
    if result.returncode != 0:
        raise SlurmClusterError(f"mysql {sql!r} failed: {result.stderr.strip()}")


class SlurmCluster:
    """One Slurm cluster of one node with `GPUS` fake GPUs, private to this process.

    Use `start()` and `stop()` (or the `slurm_cluster` fixture in conftest.py).
    """

    def __init__(self) -> None:
        token = secrets.token_hex(4)
        self.name = f"kiv{token}"  # cluster name: lowercase letters and digits
        # The owner's pid in the name: a later run drops what a killed run left.
        self.database = f"{DATABASE_PREFIX}{os.getpid()}_{token}"
        self.partition = PARTITION
        self.gpus = GPUS
        self.users = TEST_USERS
        self.node = socket.gethostname().split(".")[0]
        self.dir = Path(tempfile.mkdtemp(prefix=DIR_PREFIX))
        self.conf = self.dir / "slurm.conf"
        self.munge_socket = self.dir / "munge.socket"
        self.jobs_dir = self.dir / "jobs"
        self.log_dir = self.dir / "log"
        self.ctld_port, self.slurmd_port, self.dbd_port = free_ports(3)
        self.env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("SLURM_", "SBATCH_", "SQUEUE_", "SACCT_", "SINFO_"))
        }
        self.env["SLURM_CONF"] = str(self.conf)
        self.env["PATH"] = os.environ.get("PATH", "") + ":/usr/sbin:/sbin"
        self.processes: dict[str, subprocess.Popen] = {}
        self._database_created = False

    # ---------------------------------------------------------------- set-up

    def start(self) -> SlurmCluster:
        """Write the configuration and start munged, slurmdbd, slurmctld, slurmd."""
        if os.geteuid() != 0:
            raise SlurmClusterError(
                "The Slurm tests run as root (they start Slurm's daemons and add Linux users)."
            )
        missing = [
            d
            for d in ("munged", *DAEMONS[1:], "sbatch")
            if not shutil.which(d, path=self.env["PATH"])
        ]
        if missing:
            raise SlurmClusterError(
                f"Slurm is not installed (missing: {', '.join(missing)}): run `make slurm`"
            )
        try:
            ensure_users(self.users)
            ensure_mariadb()
            remove_leftovers()
            self._write_files()
            self._start_munged()
            self._start_slurmdbd()
            self._start_slurmctld()
            self._start_slurmd()
        except BaseException:
            self.stop()
            raise
        return self

    def _write_files(self) -> None:
        self.dir.chmod(0o755)  # job users reach the munge socket and slurm.conf
        (self.dir / "owner.pid").write_text(str(os.getpid()))
        for sub in ("state", "spool", "log", "run", "dev"):
            (self.dir / sub).mkdir(mode=0o755)
        self.jobs_dir.mkdir()
        self.jobs_dir.chmod(0o1777)  # jobs write their output here, as their users
        key = self.dir / "munge.key"
        key.write_bytes(secrets.token_bytes(1024))
        key.chmod(0o600)
        devices = [self.dir / "dev" / f"gpu{i}" for i in range(self.gpus)]
        for device in devices:
            device.touch()
        (self.dir / "gres.conf").write_text(
            "AutoDetect=off\n"
            f"NodeName={self.node} Name=gpu File={self.dir}/dev/gpu[0-{self.gpus - 1}]\n"
        )
        d = self.dir
        self.conf.write_text(
            f"""# Written by tests/slurm/cluster.py
ClusterName={self.name}
SlurmctldHost={self.node}(127.0.0.1)
SlurmctldPort={self.ctld_port}
SlurmdPort={self.slurmd_port}
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket={self.munge_socket}
StateSaveLocation={d}/state
SlurmdSpoolDir={d}/spool
SlurmctldPidFile={d}/run/slurmctld.pid
SlurmdPidFile={d}/run/slurmd.pid
SlurmctldLogFile={d}/log/slurmctld.log
SlurmdLogFile={d}/log/slurmd.log
SlurmctldDebug=info
SlurmdDebug=info
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
SwitchType=switch/none
MpiDefault=none
ReturnToService=2
SlurmctldTimeout=30
SlurmdTimeout=30
MessageTimeout=10
TCPTimeout=5
InactiveLimit=0
KillWait=2
MinJobAge=10
SchedulerType=sched/backfill
SchedulerParameters=sched_interval=2,bf_interval=1,batch_sched_delay=0
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
GresTypes=gpu
AccountingStorageType=accounting_storage/slurmdbd
AccountingStorageHost=127.0.0.1
AccountingStoragePort={self.dbd_port}
AccountingStoragePass={self.munge_socket}
AccountingStorageTRES=gres/gpu
AccountingStorageEnforce=associations,limits,safe
JobCompType=jobcomp/none
PriorityType=priority/multifactor
PriorityDecayHalfLife=0
PriorityUsageResetPeriod=NONE
PriorityCalcPeriod=1
SlurmdParameters=config_overrides
NodeName={self.node} NodeAddr=127.0.0.1 CPUs={CPUS} RealMemory=8000 Gres=gpu:{self.gpus}
PartitionName={self.partition} Nodes={self.node} Default=YES MaxTime=INFINITE DefaultTime=1
"""
        )
        self.conf.chmod(0o644)
        dbd_conf = self.dir / "slurmdbd.conf"
        dbd_conf.write_text(
            f"""# Written by tests/slurm/cluster.py
AuthType=auth/munge
AuthInfo=socket={self.munge_socket}
DbdHost=localhost
DbdAddr=127.0.0.1
DbdPort={self.dbd_port}
SlurmUser=root
DebugLevel=info
LogFile={d}/log/slurmdbd.log
PidFile={d}/run/slurmdbd.pid
StorageType=accounting_storage/mysql
StorageHost=127.0.0.1
StoragePort=3306
StorageUser=root
StorageLoc={self.database}
"""
        )
        dbd_conf.chmod(0o600)  # slurmdbd refuses a configuration others can read

    def _spawn(self, name: str, args: list[str]) -> None:
        global _PRCTL  # noqa: PLW0603 - looked up once, before any fork
        if _PRCTL is None:
            _PRCTL = ctypes.CDLL(None, use_errno=True).prctl
        out = (self.log_dir / f"{name}.out").open("ab")
        self.processes[name] = subprocess.Popen(  # noqa: S603 - our own daemons
            args,
            env=self.env,
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            preexec_fn=_die_with_parent,
        )
        out.close()

    def _wait(self, name: str, ready, timeout: float, what: str) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.processes[name].poll() is not None:
                raise SlurmClusterError(
                    f"{name} exited with {self.processes[name].returncode} before {what}\n"
                    + self.log_tails()
                )
            if ready():
                return
            time.sleep(0.25)
        raise SlurmClusterError(f"{name}: no {what} within {timeout:.0f} s\n" + self.log_tails())

    def _start_munged(self) -> None:
        d = self.dir
        self._spawn(
            "munged",
            [
                "munged",
                "--foreground",
                "--force",
                f"--socket={self.munge_socket}",
                f"--key-file={d}/munge.key",
                f"--pid-file={d}/run/munged.pid",
                f"--log-file={d}/log/munged.log",
                f"--seed-file={d}/run/munged.seed",
            ],
        )
        self._wait("munged", self.munge_socket.exists, 20, "socket")

    def _start_slurmdbd(self) -> None:
        _mysql(f"CREATE DATABASE `{self.database}`")
        self._database_created = True
        self._spawn("slurmdbd", ["slurmdbd", "-D"])

        def answers() -> bool:
            return (
                self.run(["sacctmgr", "-n", "-P", "show", "cluster"], check=False).returncode == 0
            )

        self._wait("slurmdbd", answers, 90, "answer to sacctmgr")
        self.run(["sacctmgr", "-i", "add", "cluster", self.name])

    def _start_slurmctld(self) -> None:
        self._spawn("slurmctld", ["slurmctld", "-D", "-i"])

        def answers() -> bool:
            return self.run(["scontrol", "ping"], check=False).stdout.count("UP") > 0

        self._wait("slurmctld", answers, 60, "answer to scontrol ping")

    def _start_slurmd(self) -> None:
        self._spawn("slurmd", ["slurmd", "-D"])

        def idle() -> bool:
            out = self.run(["sinfo", "-h", "-N", "-o", "%T"], check=False).stdout.split()
            return out == ["idle"]

        self._wait("slurmd", idle, 60, "idle node in sinfo")

    # -------------------------------------------------------------- tear-down

    def stop(self) -> None:
        """Cancel the jobs, stop the daemons, drop the database, remove the folder."""
        if "slurmctld" in self.processes and self.processes["slurmctld"].poll() is None:
            self.run(["scancel", "--full", "--quiet", f"--partition={self.partition}"], check=False)
            deadline = time.monotonic() + 20
            while time.monotonic() < deadline:
                if not self.run(["squeue", "-h", "-o", "%i"], check=False).stdout.strip():
                    break
                time.sleep(0.5)
        for name in reversed(DAEMONS):
            process = self.processes.get(name)
            if process is None or process.poll() is not None:
                continue
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=15)
        if self._database_created:
            _mysql(f"DROP DATABASE IF EXISTS `{self.database}`")
            self._database_created = False
        if not os.environ.get(KEEP_ENV):
            shutil.rmtree(self.dir, ignore_errors=True)

    def log_tails(self, lines: int = 25) -> str:
        parts = []
        for name in DAEMONS:
            for path in (self.log_dir / f"{name}.log", self.log_dir / f"{name}.out"):
                if path.exists() and path.stat().st_size:
                    tail = path.read_text(errors="replace").splitlines()[-lines:]
                    parts.append(f"--- {path}\n" + "\n".join(tail))
        return "\n".join(parts) or f"(no daemon logs in {self.log_dir})"

    # ------------------------------------------------------------ using it

    def run(
        self, args: Sequence[str], *, check: bool = True, user: str | None = None
    ) -> subprocess.CompletedProcess[str]:
        """Run a Slurm command against this cluster (as `user` when given)."""
        argv = list(args)
        if user is not None:
            argv = ["runuser", "-u", user, "--", *argv]
        try:
            result = subprocess.run(  # noqa: S603 - test commands
                argv,
                env=self.env,
                cwd=self.jobs_dir if self.jobs_dir.exists() else self.dir,
                capture_output=True,
                text=True,
                timeout=COMMAND_TIMEOUT,
                check=False,
            )
        except subprocess.TimeoutExpired as exc:
            raise SlurmClusterError(f"{' '.join(argv)} took over {COMMAND_TIMEOUT} s") from exc
        if check and result.returncode != 0:
            raise SlurmClusterError(
                f"{' '.join(argv)} exited with {result.returncode}:\n{result.stdout}{result.stderr}"
            )
        return result

    def submit(
        self,
        *,
        account: str,
        user: str,
        gpus: int,
        seconds: float,
        partition: str | None = None,
        reservation: str | None = None,
        time_minutes: int = 1,
    ) -> str:
        """Submit `sleep <seconds>` with `--gres=gpu:<gpus>` as the Linux user `user`;
        the job id. `time_minutes` is the job's time limit (what `safe` enforcement
        weighs against GrpTRESMins)."""
        args = [
            "sbatch",
            "--parsable",
            f"--gres=gpu:{gpus}",
            f"--account={account}",
            f"--partition={partition or self.partition}",
            f"--time={time_minutes}",
            f"--job-name=kiv-{account}",
            f"--chdir={self.jobs_dir}",
            f"--output={self.jobs_dir}/%j.out",
        ]
        if reservation:
            args.append(f"--reservation={reservation}")
        args += ["--wrap", f"sleep {seconds:g}"]
        out = self.run(args, user=user).stdout.strip()
        return out.split(";")[0]

    def sacct_job(self, job_id: str) -> dict[str, str]:
        """The job's allocation record in the accounting database ({} while unknown)."""
        fields = (
            "JobID,State,Reason,Account,User,AllocTRES,Elapsed,ElapsedRaw,Start,End,"
            "Reservation,ReservationId"
        )
        out = self.run(["sacct", "-n", "-P", "-X", "-j", job_id, "-o", fields], check=False).stdout
        for line in out.splitlines():
            values = line.split("|")
            if values[0] == job_id:
                return dict(zip(fields.split(","), values, strict=True))
        return {}

    def wait_done(self, job_id: str, timeout: float = 60) -> dict[str, str]:
        """Wait until slurmdbd holds the job as finished with its end time; its record."""
        deadline = time.monotonic() + timeout
        record: dict[str, str] = {}
        while time.monotonic() < deadline:
            record = self.sacct_job(job_id)
            state = record.get("State", "").split(" ")[0]
            if state in FINISHED_STATES and record.get("End") not in (None, "", "Unknown"):
                return record
            time.sleep(0.5)
        raise SlurmClusterError(
            f"job {job_id} did not finish within {timeout:.0f} s (last: {record})\n"
            + self.log_tails()
        )

    def job_state(self, job_id: str) -> tuple[str, str]:
        """(state, reason) from slurmctld, e.g. ("PENDING", "AssocGrpGRESMinutes");
        from the accounting database once slurmctld has forgotten the job."""
        out = self.run(["squeue", "-h", "-j", job_id, "-o", "%T|%r"], check=False).stdout.strip()
        if out:
            state, _, reason = out.partition("|")
            return state, reason
        record = self.sacct_job(job_id)
        return record.get("State", "").split(" ")[0], record.get("Reason", "")

    def wait_state(self, job_id: str, state: str, timeout: float = 60) -> tuple[str, str]:
        """Wait until the job is in `state` (e.g. RUNNING); its (state, reason)."""
        deadline = time.monotonic() + timeout
        current = ("", "")
        while time.monotonic() < deadline:
            current = self.job_state(job_id)
            if current[0] == state:
                return current
            time.sleep(0.25)
        raise SlurmClusterError(f"job {job_id} not {state} within {timeout:.0f} s: {current}")

    def wait_until(self, check, *, timeout: float = 30, what: str = "the condition"):
        """Poll `check()` until it returns something true; that value."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            value = check()
            if value:
                return value
            time.sleep(0.25)
        raise SlurmClusterError(f"no {what} within {timeout:.0f} s")

    def pending_reason(self, job_id: str, timeout: float = 30) -> str:
        """The reason a pending job waits, once the scheduler has looked at it
        (a fresh job shows "None" until then); fails when the job does not pend."""
        deadline = time.monotonic() + timeout
        current = ("", "")
        while time.monotonic() < deadline:
            current = self.job_state(job_id)
            if current[0] != "PENDING":
                break
            if current[1] not in ("", "None"):
                return current[1]
            time.sleep(0.25)
        raise SlurmClusterError(f"job {job_id} is not pending with a reason: {current}")

    def sacctmgr_show_assoc(self, account: str) -> list[dict[str, str]]:
        """The account's associations in this cluster, one dict per row, keyed by
        sacctmgr's column names (Account, User, GrpTRESMins, ...); "" when unset."""
        result = self.run(
            [
                "sacctmgr",
                "-P",
                "show",
                "assoc",
                "where",
                f"cluster={self.name}",
                f"account={account}",
                "format=Cluster,Account,User,ParentName,Share,GrpTRESMins,GrpTRES,"
                "GrpTRESRunMins,MaxTRES,MaxTRESMins,MaxJobs,QOS",
            ]
        )
        lines = result.stdout.splitlines()
        if not lines:
            return []
        header = lines[0].split("|")
        return [dict(zip(header, line.split("|"), strict=True)) for line in lines[1:]]

    def gpu_minutes_used(self, account: str) -> int:
        """slurmctld's GPU-minutes usage of the account's association (whole minutes,
        rounded down): the figure GrpTRESMins=gres/gpu is checked against."""
        out = self.run(
            ["scontrol", "-o", "show", "assoc_mgr", f"accounts={account}", "flags=assoc"]
        ).stdout
        for line in out.splitlines():
            fields = dict(field.split("=", 1) for field in line.split() if "=" in field)
            if fields.get("Account") != account or fields.get("UserName"):
                continue  # the account's own association has an empty UserName
            for item in fields["GrpTRESMins"].split(","):
                name, _, value = item.partition("=")
                if name == "gres/gpu":
                    return int(value.split("(", 1)[1].rstrip(")"))
        raise SlurmClusterError(f"no GPU-minutes usage for account {account} in:\n{out}")

    def add_account(self, account: str, *, users: Sequence[str]) -> None:
        """An account in this cluster with `users` in it (what the agent does for a
        voucher; the smoke tests use it directly)."""
        self.run(["sacctmgr", "-i", "add", "account", account, f"cluster={self.name}"])
        self.run(
            [
                "sacctmgr",
                "-i",
                "add",
                "user",
                ",".join(users),
                f"account={account}",
                f"cluster={self.name}",
            ]
        )

    def reservation(self, name: str) -> dict[str, str]:
        """slurmctld's record of a reservation, keyed as `scontrol show reservation`
        prints it (ReservationName, StartTime, EndTime, Accounts, Users, TRES, State,
        ...); {} when there is none of that name."""
        result = self.run(["scontrol", "-o", "show", "reservation", name], check=False)
        line = result.stdout.strip()
        if result.returncode != 0 or not line.startswith("ReservationName="):
            return {}
        return dict(field.split("=", 1) for field in line.split() if "=" in field)

    @staticmethod
    def new_name(prefix: str = "t") -> str:
        """A fresh lowercase name for an account or a reservation."""
        return f"{prefix}{secrets.token_hex(4)}"
