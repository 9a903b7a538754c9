"""The agent against a real Slurm (the `slurm_cluster` fixture: Debian's slurm-wlm
22.05, four fake GPUs, `AccountingStorageEnforce=associations,limits,safe`) and a
live platform: accounts, users and GrpTRESMins as the vouchers say; real GPU jobs
charged exactly once, also across a crash; an exhausted voucher's next job pends
with Slurm's association-limit reason; slots become reservations and go again."""

import io
from datetime import UTC, datetime, timedelta
from decimal import ROUND_FLOOR, Decimal

import pytest

from kivoucher_slurm import cli, jobs
from kivoucher_slurm.config import Config
from kivoucher_slurm.slurm import Runner, Slurm
from kivoucher_slurm.state import state_default
from kivoucher_slurm.sync import Agent
from tests.slurm.agent_fake import FakePlatform
from tests.slurm.platform_world import GPU_PRICE, World


class Crash(Exception):
    pass


def sync(world, cluster, state, monkeypatch, *args):
    for key, value in world.env().items():
        monkeypatch.setenv(key, value)
    monkeypatch.setattr(cli, "config_load", lambda path: world.config)
    out, err = io.StringIO(), io.StringIO()
    runner = Runner(timeout=60, env=cluster.env)
    try:
        code = cli.main(["sync", "--state", str(state), *args], runner=runner, out=out, err=err)
    except Crash:
        return "crashed", out.getvalue(), err.getvalue()
    return code, out.getvalue(), err.getvalue()


def visible(cluster, account, job) -> bool:
    now = datetime.now(UTC)
    args = jobs.sacct_args(
        accounts=[account], since=now - timedelta(hours=1), until=now, json_out=True
    )
    return any(j.job_id == job for j in jobs.parse_json(cluster.run(args).stdout))


def assoc(cluster, account) -> tuple[dict, set]:
    rows = cluster.sacctmgr_show_assoc(account)
    own = next((r for r in rows if not r["User"]), {})
    return own, {r["User"] for r in rows if r["User"]}


@pytest.mark.django_db(transaction=True)
def test_accounts_limits_and_real_jobs(slurm_cluster, live_server, tmp_path, monkeypatch):
    world = World(live_server, code="dc-real", cluster=slurm_cluster.name, parent_account="kivt1")
    acme = world.voucher("acme1", ["kivslurm1", "kivslurm2"], "30.00")
    beta = world.voucher("beta1", ["kivslurm3"], "30.00")
    state = tmp_path / "state.json"

    code, out, err = sync(world, slurm_cluster, state, monkeypatch, "--dry-run")
    assert code == 0, out + err
    assert "sacctmgr -i add account acme1,beta1 parent=kivt1" in out
    assert assoc(slurm_cluster, "acme1") == ({}, set())  # a dry run changes nothing

    code, out, err = sync(world, slurm_cluster, state, monkeypatch)
    assert code == 0, out + err
    own, users = assoc(slurm_cluster, "acme1")
    assert own["ParentName"] == "kivt1" and users == {"kivslurm1", "kivslurm2"}
    # 30 EUR at 360 EUR per GPU hour: 5 GPU minutes; at 0.04 per core hour: 45000
    assert own["GrpTRESMins"] == "cpu=45000,gres/gpu=5"

    job = slurm_cluster.submit(account="acme1", user="kivslurm1", gpus=2, seconds=3)
    record = slurm_cluster.wait_done(job)
    # slurmdbd answers a query by time window (what the agent asks) a moment after it
    # answers one by job id; the agent's overlap window covers that, the test waits
    slurm_cluster.wait_until(lambda: visible(slurm_cluster, "acme1", job), what="the job")
    assert "gres/gpu=2" in record["AllocTRES"]
    elapsed = int(record["ElapsedRaw"])
    cost = (jobs.quantity(2, elapsed) * GPU_PRICE).quantize(Decimal("0.01"), ROUND_FLOOR)

    real_save = cli.state_save

    def crash(path, data):
        raise Crash("died after posting, before saving the cursor")

    monkeypatch.setattr(cli, "state_save", crash)
    code, out, err = sync(world, slurm_cluster, state, monkeypatch)
    assert code == "crashed" and "usage posted: 1 accepted" in out, out + err
    assert world.balance(acme) == Decimal("30.00") - cost
    monkeypatch.setattr(cli, "state_save", real_save)
    code, out, err = sync(world, slurm_cluster, state, monkeypatch)
    assert code == 0, out + err
    assert "1 duplicate" in out
    balance = world.balance(acme)
    assert balance == Decimal("30.00") - cost  # charged exactly once

    # the limit: what Slurm counted so far + what the balance still buys (rounded down)
    used = slurm_cluster.gpu_minutes_used("acme1")
    buys = int((balance * 60 / GPU_PRICE).to_integral_value(ROUND_FLOOR))
    own, _ = assoc(slurm_cluster, "acme1")
    assert f"gres/gpu={used + buys}" in own["GrpTRESMins"]

    # beta's balance is spent elsewhere (usage reported through the API): limit zero
    now = datetime.now(UTC)
    world.platform.post_usage(
        [
            {
                "id": "other-source-1",
                "voucher": beta.code,
                "resource": "cpu",
                "quantity": "1000",
                "start": (now - timedelta(hours=2)).isoformat(),
                "end": (now - timedelta(hours=1)).isoformat(),
            }
        ]
    )
    code, out, err = sync(world, slurm_cluster, state, monkeypatch)
    assert code == 0, out + err
    assert assoc(slurm_cluster, "beta1")[0]["GrpTRESMins"] == "cpu=0,gres/gpu=0"
    pending = slurm_cluster.submit(account="beta1", user="kivslurm3", gpus=1, seconds=1)
    try:
        # both limits are zero; Slurm names the first it checks
        reason = slurm_cluster.pending_reason(pending)
        assert reason in ("AssocGrpGRESMinutes", "AssocGrpCPUMinutesLimit"), reason
    finally:
        slurm_cluster.run(["scancel", pending], check=False)

    code, out, _ = sync(world, slurm_cluster, state, monkeypatch)
    assert code == 0 and "account created" not in out and "limit " not in out


def test_slots_become_reservations_and_go_again(slurm_cluster):
    config = Config(cluster=slurm_cluster.name, parent_account="kivt2")
    start = datetime.now(UTC).replace(microsecond=0) + timedelta(days=2)
    slot = {
        "name": "kivt2-hpc-1",
        "account": "buyer2",
        "partition": slurm_cluster.partition,
        "start": start.isoformat(),
        "end": (start + timedelta(hours=2)).isoformat(),
        "gpus": 4,
        "status": "allocated",
    }
    later = start + timedelta(hours=3)  # one node: the two slots must not overlap
    whole = {
        **slot,
        "name": "kivt2-hpc-2",
        "partition": None,
        "gpus": None,
        "start": later.isoformat(),
        "end": (later + timedelta(hours=1)).isoformat(),
    }
    platform = FakePlatform([], reservations=[slot, whole])
    state = state_default()
    slurm_cluster.run(
        ["sacctmgr", "-i", "add", "account", "buyer2", f"cluster={slurm_cluster.name}"]
    )

    def one_pass():
        shell = Slurm(Runner(timeout=60, env=slurm_cluster.env), cluster=slurm_cluster.name)
        return Agent(config=config, platform=platform, slurm=shell, state=state).sync()

    def reservations():
        out = slurm_cluster.run(["scontrol", "-o", "show", "reservation"]).stdout
        return {
            fields["ReservationName"]: fields
            for fields in (
                dict(kv.split("=", 1) for kv in line.split() if "=" in kv)
                for line in out.splitlines()
            )
            if "ReservationName" in fields
        }

    try:
        report = one_pass()
        assert not report.errors, report.errors
        made = reservations()
        assert made["kivt2-hpc-1"]["Accounts"] == "buyer2"
        assert made["kivt2-hpc-1"]["PartitionName"] == slurm_cluster.partition
        assert made["kivt2-hpc-1"]["StartTime"] == jobs.slurm_time(start)
        assert made["kivt2-hpc-1"]["NodeCnt"] == "1"  # four GPUs: the one node
        assert made["kivt2-hpc-2"]["PartitionName"] == "(null)"
        assert one_pass().changes == []  # nothing changed: nothing done
        whole["end"] = (later + timedelta(hours=2)).isoformat()  # the slot grew
        assert one_pass().changes == ["reservation changed: kivt2-hpc-2 (buyer2)"]
        assert reservations()["kivt2-hpc-2"]["EndTime"] == jobs.slurm_time(
            later + timedelta(hours=2)
        )
        platform.reservation_list = [whole]  # the slot was released
        assert one_pass().changes == ["reservation deleted: kivt2-hpc-1"]
        assert "kivt2-hpc-1" not in reservations() and "kivt2-hpc-2" in reservations()
        platform.reservation_list = [{**whole, "account": "nobody-here"}]
        report = one_pass()
        assert any("Invalid account" in e for e in report.errors), report.errors
    finally:
        for name in ("kivt2-hpc-1", "kivt2-hpc-2"):
            slurm_cluster.run(["scontrol", "delete", f"ReservationName={name}"], check=False)
