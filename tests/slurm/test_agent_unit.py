"""The agent's pass against a fake Slurm (tests/slurm/agent_fake.py) and a fake
platform that keeps the usage API's contract (DESIGN §6): provisioning, the limit
formula, metering exactly once across a crash, failures, dry runs, reservations."""

import ast
import io
import json
import sys
import threading
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest

from kivoucher_slurm import cli, jobs
from kivoucher_slurm.config import Config, ConfigError, config_load
from kivoucher_slurm.platform import Platform, PlatformError
from kivoucher_slurm.slurm import Runner, Slurm, SlurmError
from kivoucher_slurm.state import state_default, state_load, state_save
from kivoucher_slurm.sync import Agent
from tests.slurm.agent_fake import CLUSTER, FakeJob, FakePlatform, FakeSlurm

CORPORA = Path("/work/shared/corpora/slurm")
NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


def voucher(
    code="KIC-1", account="acme", users=("alice", "bob"), balance="100.00", status="active"
):
    return {
        "code": code,
        "status": status,
        "value": "50000.00",
        "balance": balance,
        "valid_until": "2027-01-01",
        "slurm_account": account,
        "slurm_users": list(users),
    }


def run(platform, slurm, state, *, config=None, dry_run=False, now=NOW):
    config = config or Config(url="http://platform", token="t", cluster=CLUSTER, http_backoff=0)
    shell = Slurm(slurm, cluster=config.cluster, dry_run=dry_run, echo=lambda text: None)
    agent = Agent(config=config, platform=platform, slurm=shell, state=state, now=lambda: now)
    return agent.sync()


def test_first_pass_creates_accounts_users_and_limits_then_changes_nothing():
    slurm, state = FakeSlurm(), state_default()
    platform = FakePlatform([voucher(), voucher("KIC-2", "Beta-AI", ["Carol"], balance="50.00")])
    report = run(platform, slurm, state)
    assert not report.errors, report.errors
    assert slurm.parents["kivoucher"] == "root"
    assert slurm.parents["acme"] == "kivoucher" and slurm.parents["beta-ai"] == "kivoucher"
    assert slurm.users["acme"] == {"alice", "bob"} and slurm.users["beta-ai"] == {"carol"}
    # 100 EUR at 2.50 per GPU hour = 40 GPU hours = 2400 GPU minutes; at 0.04 per core hour
    # 2500 core hours = 150000 minutes.
    assert slurm.limits["acme"] == {"gres/gpu": 2400, "cpu": 150000}
    assert slurm.limits["beta-ai"] == {"gres/gpu": 1200, "cpu": 75000}
    # one command adds all new accounts with the same limit; users one command per account
    adds = [c for c in slurm.changing() if " add account " in c]
    assert len(adds) == 3  # the parent, and one per distinct limit
    assert (
        "account created: acme (voucher KIC-1), limit cpu=150000, gres/gpu=2400 min"
        in report.changes
    )
    assert state["last_sync"] == NOW.isoformat()

    slurm.commands.clear()
    again = run(platform, slurm, state)
    assert not again.errors and not again.changes
    assert again.lines() == ["nothing to change"]
    assert slurm.changing() == []
    reads = [c[:2] for c in slurm.commands]
    assert reads.count(["sacctmgr", "-nP"]) == 1  # all associations in one call


def test_limit_adds_the_minutes_slurm_counted_so_far():
    slurm = FakeSlurm()
    slurm.parents.update({"kivoucher": "root", "acme": "kivoucher"})
    slurm.users["acme"] = {"alice", "bob"}
    slurm.limits["acme"] = {"gres/gpu": 2400, "cpu": 150000}
    slurm.used["acme"] = {"gres/gpu": 600, "cpu": 30}
    report = run(FakePlatform([voucher(balance="10.01")]), slurm, state_default())
    assert not report.errors, report.errors
    # 10.01 / 2.50 * 60 = 240.24 -> 240 minutes on top of the 600 used; never more than paid
    assert slurm.limits["acme"] == {"gres/gpu": 840, "cpu": 30 + 15015}
    assert (
        "limit acme: cpu=150000, gres/gpu=2400 min -> cpu=15045, gres/gpu=840 min" in report.changes
    )


@pytest.mark.parametrize("status,balance", [("expired", "80.00"), ("active", "0.00")])
def test_a_voucher_that_cannot_be_used_gets_limit_zero(status, balance):
    slurm = FakeSlurm()
    slurm.parents.update({"kivoucher": "root", "acme": "kivoucher"})
    slurm.users["acme"] = {"alice", "bob"}
    slurm.limits["acme"] = {"gres/gpu": 2400}
    slurm.used["acme"] = {"gres/gpu": 600}
    run(FakePlatform([voucher(status=status, balance=balance)]), slurm, state_default())
    assert slurm.limits["acme"] == {"gres/gpu": 0, "cpu": 0}


def test_accounts_that_left_the_list_get_limit_zero_and_users_are_made_exact():
    slurm = FakeSlurm()
    slurm.parents.update(
        {"kivoucher": "root", "acme": "kivoucher", "gone": "kivoucher", "other": "root"}
    )
    slurm.users.update({"acme": {"alice", "eve"}, "gone": {"dave"}, "other": {"x"}})
    slurm.limits.update({"acme": {}, "gone": {"gres/gpu": 500}, "other": {}})
    report = run(FakePlatform([voucher()]), slurm, state_default())
    assert slurm.users["acme"] == {"alice", "bob"}
    assert "users added to acme: bob" in report.changes
    assert "users removed from acme: eve" in report.changes
    assert slurm.limits["gone"] == {"gres/gpu": 0, "cpu": 0}
    assert slurm.users["gone"] == {"dave"}  # not deleted: running jobs finish
    assert slurm.limits["other"] == {}  # not under the parent account: not ours


def test_metering_posts_each_job_once_even_across_a_crash(tmp_path):
    slurm, state_path = FakeSlurm(), tmp_path / "state.json"
    platform = FakePlatform([voucher(balance="100.00")])
    state = state_default()
    run(platform, slurm, state)
    state_save(state_path, state)
    end = NOW - timedelta(minutes=5)
    slurm.jobs += [
        FakeJob(101, "acme", "alice", gpus=2, seconds=3600, end=end),  # 2 GPU h = 5.00
        FakeJob(102, "acme", "bob", gpus=1, seconds=1000, end=end),  # 0.277778 h
        FakeJob(103, "acme", "bob", gpus=0, cpus=8, seconds=1800, end=end, partition="cpu"),
    ]
    platform.crash_after_post = True
    with pytest.raises(KeyboardInterrupt):
        run(platform, slurm, state_load(state_path))  # posted, died before saving
    assert Decimal(platform.voucher_list[0]["balance"]) == Decimal("100.00") - Decimal(
        "5.00"
    ) - Decimal("0.69") - Decimal("0.16")
    platform.crash_after_post = False
    state = state_load(state_path)
    report = run(platform, slurm, state)
    assert report.posted == {"accepted": 0, "duplicate": 3, "rejected": 0}
    assert report.charged == 0
    assert platform.voucher_list[0]["balance"] == "94.15"
    records = platform.received
    assert records[f"{CLUSTER}:101"]["quantity"] == "2.000000"
    assert records[f"{CLUSTER}:102"]["quantity"] == "0.277778"
    assert records[f"{CLUSTER}:103"] == {
        "id": f"{CLUSTER}:103",
        "voucher": "KIC-1",
        "resource": "cpu",
        "quantity": "4.000000",
        "start": (end - timedelta(seconds=1800)).astimezone().isoformat(),
        "end": end.astimezone().isoformat(),
    }
    # the next pass reads the overlap again but sends nothing
    state_save(state_path, state)
    platform.posts = 0
    later = run(platform, slurm, state_load(state_path), now=NOW + timedelta(minutes=5))
    assert platform.posts == 0 and not later.errors


def test_usage_goes_out_in_batches_and_a_5xx_keeps_the_cursor_and_the_limits():
    slurm, state = FakeSlurm(), state_default()
    platform = FakePlatform([voucher(balance="1000.00")])
    config = Config(url="http://p", token="t", cluster=CLUSTER, batch_size=2, http_backoff=0)
    run(platform, slurm, state, config=config)
    before = dict(slurm.limits["acme"])
    cursor = state["cursor"]
    end = NOW - timedelta(minutes=1)
    slurm.jobs += [
        FakeJob(200 + i, "acme", "alice", 1, 360, end - timedelta(seconds=i)) for i in range(5)
    ]
    slurm.used["acme"] = {"gres/gpu": 30}  # Slurm counted the jobs already
    platform.fail_posts = 1
    report = run(platform, slurm, state, config=config)
    assert any("503" in e and "posted again next pass" in e for e in report.errors)
    assert platform.received == {}
    assert datetime.fromisoformat(state["cursor"]) == end - timedelta(seconds=4)
    assert state["cursor"] != cursor
    assert slurm.limits["acme"] == before  # never raised while usage is unposted
    assert "error: " in "\n".join(report.lines()) and state["last_sync"] is not None
    report = run(platform, slurm, state, config=config)
    assert not report.errors, report.errors
    assert platform.posts == 3 and len(platform.received) == 5
    assert platform.voucher_list[0]["balance"] == "998.75"  # 5 x 0.1 GPU h x 2.50
    # 998.75 buys 23970 GPU minutes more than the 30 Slurm counted
    assert slurm.limits["acme"]["gres/gpu"] == 30 + 23970


def test_jobs_of_unknown_accounts_and_rejected_records_are_reported():
    slurm, state = FakeSlurm(), state_default()
    platform = FakePlatform([voucher()])
    run(platform, slurm, state)
    slurm.parents["stray"] = "kivoucher"
    slurm.users["stray"] = set()
    state["accounts"]["gone"] = "KIC-OLD"
    slurm.parents["gone"] = "kivoucher"
    slurm.users["gone"], slurm.limits["gone"], slurm.limits["stray"] = set(), {}, {}
    end = NOW - timedelta(minutes=1)
    slurm.jobs += [FakeJob(301, "stray", "x", 1, 60, end), FakeJob(302, "gone", "y", 1, 60, end)]
    report = run(platform, slurm, state)
    assert (
        f"job {CLUSTER}:301 of account stray: no voucher known for the account; not posted"
        in report.errors
    )
    assert f"record {CLUSTER}:302 (voucher KIC-OLD) rejected: unknown_voucher" in report.errors
    again = run(platform, slurm, state, now=NOW + timedelta(minutes=2))
    assert not again.errors  # reported once, not retried forever


def test_one_failing_account_does_not_stop_the_others():
    slurm, state = FakeSlurm(), state_default()
    slurm.fail = lambda args: "fail" if "beta" in " ".join(args) and "add" in args else None
    platform = FakePlatform(
        [
            voucher(),
            voucher("KIC-2", "beta", ["carol"], balance="100.00"),
            voucher("KIC-3", "bad name!", []),
            voucher("KIC-4", "root", []),
        ]
    )
    report = run(platform, slurm, state)
    assert slurm.users["acme"] == {"alice", "bob"} and slurm.limits["acme"]["gres/gpu"] == 2400
    assert "beta" not in slurm.parents
    assert any(
        e.startswith("voucher KIC-2: `sacctmgr -i add account beta") and "exit 1" in e
        for e in report.errors
    ), report.errors
    assert "voucher KIC-3: the Slurm account name 'bad name!' is not usable" in report.errors
    assert "voucher KIC-4: the Slurm account name 'root' is not usable" in report.errors
    slurm.fail = None
    report = run(platform, slurm, state)  # the next pass repairs it
    assert slurm.parents["beta"] == "kivoucher" and slurm.users["beta"] == {"carol"}


def test_a_hanging_or_failing_read_changes_nothing():
    slurm, state = FakeSlurm(), state_default()
    slurm.fail = lambda args: "hang" if args[:2] == ["sacctmgr", "-nP"] else None
    report = run(FakePlatform([voucher()]), slurm, state)
    assert report.errors == [
        "`sacctmgr -nP show assoc format=Account,User,ParentName,GrpTRESMins "
        f"cluster={CLUSTER}` did not finish within 60 s; nothing was changed"
    ]
    assert slurm.changing() == [] and state["last_sync"] is None


def test_sacctmgr_refusal_with_exit_zero_is_an_error():
    slurm = FakeSlurm()
    slurm.fail = lambda args: "refuse" if "acme" in " ".join(args) and "add" in args else None
    report = run(FakePlatform([voucher()]), slurm, state_default())
    assert any("voucher KIC-1:" in e and "Error: bad name" in e for e in report.errors)


def test_dry_run_prints_the_commands_and_changes_nothing(tmp_path, monkeypatch, capsys):
    slurm = FakeSlurm()
    platform = FakePlatform([voucher()])
    monkeypatch.setattr(cli, "Platform", lambda config: platform)
    monkeypatch.setenv("KIVOUCHER_URL", "http://platform")
    monkeypatch.setenv("KIVOUCHER_TOKEN", "t")
    monkeypatch.delenv("KIVOUCHER_SLURM_CONFIG", raising=False)
    state = tmp_path / "state.json"
    out = io.StringIO()
    code = cli.main(["sync", "--dry-run", "--state", str(state)], runner=slurm, out=out)
    text = out.getvalue()
    assert code == 0, text
    assert (
        "sacctmgr -i add account kivoucher 'Description=KI-Voucher accounts' cluster=testcl" in text
    )
    assert (
        "sacctmgr -i add account acme parent=kivoucher "
        "GrpTRESMins=cpu=150000,gres/gpu=2400 cluster=testcl" in text
    )
    assert "sacctmgr -i add user alice,bob account=acme cluster=testcl" in text
    assert slurm.parents == {"root": ""} and not state.exists()
    # for real, then status
    assert cli.main(["sync", "--state", str(state)], runner=slurm, out=io.StringIO()) == 0
    out = io.StringIO()
    assert cli.main(["status", "--state", str(state)], runner=slurm, out=out) == 0
    lines = out.getvalue().splitlines()
    assert lines[0].split()[:2] == ["VOUCHER", "ACCOUNT"]
    assert lines[1].split()[:4] == ["KIC-1", "acme", "cpu=150000,gres/gpu=2400", "100.00"]
    assert NOW.year <= int(lines[1].split()[-1][:4])


def test_reservations_follow_the_platform():
    slurm, state = FakeSlurm(), state_default()
    start, end = NOW + timedelta(hours=1), NOW + timedelta(hours=3)
    slot = {
        "name": "kiv-hpc-7",
        "account": "acme",
        "partition": "gpu",
        "start": start.isoformat(),
        "end": end.isoformat(),
        "gpus": 6,
        "status": "allocated",
    }
    whole = {**slot, "name": "kiv-hpc-8", "partition": None, "gpus": None, "status": "confirmed"}
    platform = FakePlatform([voucher()], reservations=[slot, whole])
    report = run(platform, slurm, state)
    assert not report.errors, report.errors
    made = slurm.reservations["kiv-hpc-7"]
    assert made["Accounts"] == "acme" and made["PartitionName"] == "gpu"
    assert made["NodeCnt"] == "2"  # 6 GPUs on nodes of 4
    assert made["StartTime"] == jobs.slurm_time(start) and made["EndTime"] == jobs.slurm_time(end)
    assert slurm.reservations["kiv-hpc-8"]["Nodes"] == "ALL"
    slurm.commands.clear()
    assert run(platform, slurm, state).changes == []
    assert slurm.changing() == []
    longer = {**whole, "end": (end + timedelta(hours=1)).isoformat()}
    platform.reservation_list = [slot, longer]
    assert run(platform, slurm, state).changes == ["reservation changed: kiv-hpc-8 (acme)"]
    assert slurm.reservations["kiv-hpc-8"]["EndTime"] == jobs.slurm_time(end + timedelta(hours=1))
    assert [c[:2] for c in slurm.commands[-1:]] == [["scontrol", "update"]]  # in place
    platform.reservation_list = [longer]
    report = run(platform, slurm, state)
    assert report.changes == ["reservation deleted: kiv-hpc-7"]
    assert set(slurm.reservations) == {"kiv-hpc-8"}
    slurm.reservations["foreign"] = {"ReservationName": "foreign"}
    platform.reservation_list = []
    run(platform, slurm, state)
    assert set(slurm.reservations) == {"foreign"}  # not the agent's: left alone


def test_sacct_json_is_used_when_slurm_has_it():
    slurm, state = FakeSlurm(json_sacct=True), state_default()
    platform = FakePlatform([voucher()])
    run(platform, slurm, state)
    slurm.jobs.append(FakeJob(401, "acme", "alice", 3, 1200, NOW - timedelta(minutes=1)))
    run(platform, slurm, state)
    assert platform.received[f"{CLUSTER}:401"]["quantity"] == "1.000000"
    assert not any(c[0] == "sacct" and "-P" in c for c in slurm.commands)


@pytest.mark.parametrize("name", sorted(p.name for p in CORPORA.glob("sarc_sacct-json_*.json")))
def test_real_sacct_json_of_every_slurm_version(name):
    data = json.loads((CORPORA / name).read_text())
    parsed = jobs.parse_json((CORPORA / name).read_text())
    finished = [
        j
        for j in data["jobs"]
        if (
            j["state"]["current"]
            if isinstance(j["state"]["current"], str)
            else j["state"]["current"][0]
        )
        in jobs.FINISHED
        and j["time"]["elapsed"] > 0
    ]
    assert [j.job_id for j in parsed] == [str(j["job_id"]) for j in finished]
    for job in parsed:
        assert job.end > job.start and job.end.tzinfo is not None
        assert job.record_id.startswith(job.cluster + ":")
    if "25_05" in name:
        assert any("gres/gpu:a100" in j.tres for j in parsed)


def test_real_parsable2_output():
    # sonar's dumps have 32 columns (CORPORA/SOURCES.md); rebuild the agent's ten
    columns = (
        "JobID|JobIDRaw|User|Account|State|Start|End|AveCPU|AveDiskRead|AveDiskWrite|AveRSS|"
        "AveVMSize|ElapsedRaw|ExitCode|Layout|MaxRSS|MaxVMSize|MinCPU|ReqCPUS|ReqMem|ReqNodes|"
        "Reservation|Submit|Suspended|SystemCPU|TimelimitRaw|UserCPU|NodeList|Partition|"
        "AllocTRES|Priority|JobName"
    ).split("|")
    lines = []
    for line in (CORPORA / "sonar_fox_sacct_output.txt").read_text().splitlines():
        row = dict(zip(columns, line.split("|", len(columns) - 1), strict=False))
        lines.append(
            "|".join(
                row.get(c, "") if c != "Cluster" else "fox" for c in jobs.PARSABLE_FORMAT.split(",")
            )
        )
    parsed = jobs.parse_parsable("\n".join(lines))
    assert parsed and all("." not in j.job_id and j.cluster == "fox" for j in parsed)
    assert any(j.tres.get("gres/gpu", 0) > 0 for j in parsed)
    assert all(j.state in jobs.FINISHED and j.elapsed > 0 for j in parsed)


def test_quantity_is_exact_to_six_decimals():
    assert jobs.quantity(2, 3600) == Decimal("2.000000")
    assert jobs.quantity(1, 1) == Decimal("0.000278")
    assert jobs.quantity(3, 7) == Decimal("0.005833")


def test_configuration_file(tmp_path):
    path = tmp_path / "agent.toml"
    path.write_text(
        'parent_account = "KIV"\nbatch_size = 50000\n[tres]\n"h100-80gb" = "gres/gpu:h100"\n'
        '[partitions]\ngpu = "h100-80gb"\n'
    )
    config = config_load(str(path), {"KIVOUCHER_URL": "https://x/", "KIVOUCHER_TOKEN": "t"})
    assert config.parent_account == "kiv" and config.batch_size == 10_000
    assert config.tres == {"h100-80gb": "gres/gpu:h100"} and config.url == "https://x"
    path.write_text("colour = 1\n")
    with pytest.raises(ConfigError, match="unknown configuration key 'colour'"):
        config_load(str(path), {})


def test_the_agent_imports_nothing_of_the_platform():
    """It runs on a cluster's management node: standard library only, no Django."""
    package = Path(__file__).resolve().parents[2] / "src" / "kivoucher_slurm"
    allowed_third_party = set()
    offending = []
    for path in sorted(package.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module or ""]
            for name in names:
                top = name.split(".")[0]
                if top == "kivoucher_slurm":
                    continue
                if top not in sys.stdlib_module_names and top not in allowed_third_party:
                    offending.append(f"{path.name} imports {name}")
    assert not offending, offending


def test_a_large_pass_stays_batched():
    """Issue 20: 1,000 vouchers and 10,000 finished jobs in few commands and requests."""
    vouchers = [
        voucher(f"KIC-{i}", f"acct{i}", [f"user{i}"], balance="100.00") for i in range(1000)
    ]
    platform = FakePlatform(vouchers)
    slurm, state = FakeSlurm(), state_default()
    run(platform, slurm, state)
    end = NOW - timedelta(minutes=3)
    slurm.jobs += [
        FakeJob(1000 + n, f"acct{n % 1000}", f"user{n % 1000}", 1, 36, end) for n in range(10_000)
    ]
    slurm.commands.clear()
    report = run(platform, slurm, state)
    assert not report.errors, report.errors[:3]
    assert report.posted["accepted"] == 10_000
    assert platform.posts == 10  # batches of 1,000
    assert sum(1 for c in slurm.commands if c[0] == "sacct") == 2  # JSON tried, parsable2
    assert sum(1 for c in slurm.commands if c[:2] == ["sacctmgr", "-nP"]) == 1
    assert sum(1 for c in slurm.commands if "assoc_mgr" in c) == 1
    # every account spent 10 x 0.02 EUR (the fake charges each 0.01 GPU h x 2.50 rounded
    # down to the cent): 99.80 EUR buy 2395 GPU minutes; one limit for all, one command
    modifies = [c for c in slurm.commands if c[:4] == ["sacctmgr", "-i", "modify", "account"]]
    assert len(modifies) == 1 and slurm.limits["acct999"]["gres/gpu"] == 2395


def test_slurm_commands_that_hang_or_are_missing_are_errors():
    with pytest.raises(SlurmError, match=r"`sleep 5` did not finish within 0.2 s"):
        Runner(timeout=0.2)(["sleep", "5"])
    with pytest.raises(SlurmError, match="could not be run"):
        Runner()(["/nonexistent/sacctmgr", "-nP", "show", "assoc"])


def test_the_platform_is_asked_again_after_a_5xx_but_not_after_a_4xx():
    answers = [
        (503, b"busy"),
        (200, b'[{"code": "KIC-1"}]'),
        (404, b'{"code": "not_found", "message": "No such voucher."}'),
    ]
    seen = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            seen.append((self.path, self.headers["Authorization"]))
            status, body = answers.pop(0)
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        config = Config(url=f"http://127.0.0.1:{server.server_port}", token="tok", http_backoff=0)
        platform = Platform(config)
        assert platform.vouchers() == [{"code": "KIC-1"}]
        with pytest.raises(PlatformError, match="404 not_found: No such voucher.") as caught:
            platform.request("GET", "/api/v1/compute/vouchers/X")
        assert caught.value.status == 404
    finally:
        server.shutdown()
    assert seen == [("/api/v1/compute/vouchers", "Bearer tok")] * 2 + [
        ("/api/v1/compute/vouchers/X", "Bearer tok")
    ]
