"""The agent against a live platform (pytest-django's live_server) and the fake
Slurm: the public API's vouchers become accounts and limits, finished jobs are
charged exactly once (also across a crash), failures of the platform are said."""

import io
from datetime import UTC, datetime, timedelta
from decimal import ROUND_FLOOR, Decimal

import pytest

from kivoucher_slurm import cli, jobs
from tests.slurm.agent_fake import CLUSTER, FakeJob, FakeSlurm
from tests.slurm.platform_world import CPU_PRICE, GPU_PRICE, World

pytestmark = pytest.mark.django_db(transaction=True)


def sync(world, slurm, state, monkeypatch, *args):
    for key, value in world.env().items():
        monkeypatch.setenv(key, value)
    monkeypatch.delenv("KIVOUCHER_SLURM_CONFIG", raising=False)
    monkeypatch.setattr(cli, "config_load", lambda path: world.config)
    out, err = io.StringIO(), io.StringIO()
    code = cli.main(["sync", "--state", str(state), *args], runner=slurm, out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def test_vouchers_become_accounts_and_jobs_are_charged_once(live_server, tmp_path, monkeypatch):
    world = World(live_server, cluster=CLUSTER)
    voucher = world.voucher("acme-ai", ["alice", "bob"], "30.00")
    slurm, state = FakeSlurm(), tmp_path / "state.json"
    code, out, err = sync(world, slurm, state, monkeypatch)
    assert code == 0, out + err
    assert slurm.parents["acme-ai"] == "kivoucher" and slurm.users["acme-ai"] == {"alice", "bob"}
    # 30 EUR: 5 GPU minutes at 360 EUR per hour, 45000 core minutes at 0.04
    assert slurm.limits["acme-ai"] == {"gres/gpu": 5, "cpu": 45000}
    assert f"account created: acme-ai (voucher {voucher.code})" in out

    end = datetime.now(UTC).replace(microsecond=0) - timedelta(minutes=2)
    slurm.jobs.append(FakeJob(11, "acme-ai", "alice", gpus=2, seconds=7, end=end))
    slurm.used["acme-ai"] = {"gres/gpu": 0}
    real_save = cli.state_save

    def crash(path, data):
        raise SystemExit("killed before the state was saved")

    monkeypatch.setattr(cli, "state_save", crash)
    with pytest.raises(SystemExit):
        sync(world, slurm, state, monkeypatch)
    quantity = jobs.quantity(2, 7)  # 0.003889 GPU hours
    charged = (quantity * GPU_PRICE).quantize(Decimal("0.01"), ROUND_FLOOR)
    assert charged == Decimal("1.40")
    assert world.balance(voucher) == Decimal("30.00") - charged

    monkeypatch.setattr(cli, "state_save", real_save)
    code, out, err = sync(world, slurm, state, monkeypatch)
    assert code == 0, out + err
    assert "usage posted: 0 accepted, 1 duplicate, 0 rejected; charged 0.00" in out
    assert world.balance(voucher) == Decimal("28.60")  # charged once
    # 28.60 buys 4 GPU minutes (4.77, rounded down) and 42900 core minutes
    assert slurm.limits["acme-ai"] == {"gres/gpu": 4, "cpu": 42900}
    assert CPU_PRICE == Decimal("0.04")

    code, out, _ = sync(world, slurm, state, monkeypatch)
    assert (code, out.strip()) == (0, "nothing to change")


def test_exhausted_or_revoked_vouchers_get_limit_zero(live_server, tmp_path, monkeypatch):
    world = World(live_server, code="dc-slurm-2", cluster=CLUSTER)
    voucher = world.voucher("beta", ["carol"], "5.00")
    slurm, state = FakeSlurm(), tmp_path / "state.json"
    assert sync(world, slurm, state, monkeypatch)[0] == 0
    assert slurm.limits["beta"] == {"gres/gpu": 0, "cpu": 7500}  # 5 EUR: under a GPU minute
    now = datetime.now(UTC)
    answer = world.platform.post_usage(
        [
            {
                "id": "manual-1",
                "voucher": voucher.code,
                "resource": "cpu",
                "quantity": "500",
                "start": (now - timedelta(hours=2)).isoformat(),
                "end": (now - timedelta(hours=1)).isoformat(),
            }
        ]
    )
    assert answer[0]["charged"] == "5.00" and answer[0]["uncovered"] == "15.00"
    code, out, err = sync(world, slurm, state, monkeypatch)
    assert code == 0, out + err
    assert slurm.limits["beta"] == {"gres/gpu": 0, "cpu": 0}


def test_a_platform_that_fails_changes_nothing(live_server, tmp_path, monkeypatch):
    world = World(live_server, code="dc-slurm-3", cluster=CLUSTER, http_tries=2)
    world.voucher("gamma", ["dan"], "30.00")
    world.config.token = "not-a-token"
    slurm = FakeSlurm()
    code, out, err = sync(world, slurm, tmp_path / "state.json", monkeypatch)
    assert code == 1
    assert "error: GET /api/v1/compute/prices: 401" in err and "nothing was changed" in err
    assert slurm.changing() == []
    world.config.url = "http://127.0.0.1:9"  # nobody listens: connection refused, tried twice
    code, out, err = sync(world, slurm, tmp_path / "state.json", monkeypatch)
    assert code == 1 and "(after 2 tries)" in err
