"""Smoke tests of the private Slurm cluster the agent tests run against: GPU jobs
are accounted, GPU-minute limits hold jobs back, reservations admit an account.
They pin the behaviour of Debian's Slurm 22.05 the agent relies on."""

import re

import pytest

from tests.slurm.cluster import SlurmClusterError


def test_node_offers_four_gpus_to_the_cluster_env(slurm_cluster):
    assert slurm_cluster.env["SLURM_CONF"] == str(slurm_cluster.conf)
    node = slurm_cluster.run(["sinfo", "-h", "-N", "-o", "%N|%G|%P"]).stdout.split()
    assert node == [f"{slurm_cluster.node}|gpu:4|{slurm_cluster.partition}*"]
    clusters = slurm_cluster.run(["sacctmgr", "-n", "-P", "show", "cluster", "format=Cluster"])
    assert slurm_cluster.name in clusters.stdout.split()


def test_gpu_job_is_accounted_with_its_gpus_and_elapsed_time(slurm_cluster):
    account = slurm_cluster.new_name("smoke")
    user = slurm_cluster.users[0]
    slurm_cluster.add_account(account, users=[user])

    job = slurm_cluster.submit(account=account, user=user, gpus=2, seconds=2)
    record = slurm_cluster.wait_done(job)

    assert record["State"] == "COMPLETED"
    assert (record["Account"], record["User"]) == (account, user)
    assert "gres/gpu=2" in record["AllocTRES"].split(",")
    assert re.fullmatch(r"\d\d:\d\d:\d\d", record["Elapsed"])
    assert int(record["ElapsedRaw"]) >= 2  # the job slept 2 s
    assert slurm_cluster.job_state(job) == ("COMPLETED", "None")


def test_safe_enforcement_holds_a_job_that_could_overrun_the_gpu_minutes(slurm_cluster):
    """`AccountingStorageEnforce=safe`: a job starts only if its time limit times
    its GPUs fits into what is left of GrpTRESMins (2 GPUs x 1 min > 1 GPU-min)."""
    account = slurm_cluster.new_name("safe")
    user = slurm_cluster.users[1]
    slurm_cluster.add_account(account, users=[user])
    slurm_cluster.run(
        ["sacctmgr", "-i", "modify", "account", account, "set", "GrpTRESMins=gres/gpu=1"]
    )

    job = slurm_cluster.submit(account=account, user=user, gpus=2, seconds=1, time_minutes=1)

    assert slurm_cluster.pending_reason(job) == "AssocGrpGRESMinutes"
    slurm_cluster.run(["scancel", job])


def test_exhausted_gpu_minutes_keep_the_next_job_pending_until_raised(slurm_cluster):
    account = slurm_cluster.new_name("spent")
    user = slurm_cluster.users[2]
    slurm_cluster.add_account(account, users=[user])
    set_limit = ["sacctmgr", "-i", "modify", "account", account, "set"]
    slurm_cluster.run([*set_limit, "GrpTRESMins=gres/gpu=10"])

    # 4 GPUs for 15 s are one GPU-minute, counted when the job ends (no decay).
    spent = slurm_cluster.submit(account=account, user=user, gpus=4, seconds=15)
    slurm_cluster.wait_done(spent)
    assert slurm_cluster.gpu_minutes_used(account) == 1

    slurm_cluster.run([*set_limit, "GrpTRESMins=gres/gpu=1"])  # nothing left
    [row] = [r for r in slurm_cluster.sacctmgr_show_assoc(account) if not r["User"]]
    assert row["GrpTRESMins"] == "gres/gpu=1"
    job = slurm_cluster.submit(account=account, user=user, gpus=1, seconds=1)
    assert slurm_cluster.pending_reason(job) == "AssocGrpGRESMinutes"

    slurm_cluster.run([*set_limit, "GrpTRESMins=gres/gpu=3"])  # a top-up releases it
    assert slurm_cluster.wait_done(job)["State"] == "COMPLETED"


def test_reservation_admits_its_account_only(slurm_cluster):
    account, other = slurm_cluster.new_name("resv"), slurm_cluster.new_name("other")
    user, other_user = slurm_cluster.users[3], slurm_cluster.users[0]
    slurm_cluster.add_account(account, users=[user])
    slurm_cluster.add_account(other, users=[other_user])
    name = slurm_cluster.new_name("slot")
    create = ["scontrol", "create", "reservation", f"ReservationName={name}"]
    window = ["StartTime=now", "Duration=10", f"Accounts={account}"]

    # Slurm 22.05 reserves CPUs or whole nodes, not GPUs: a reservation holds
    # cores, and its jobs take GPUs from the node's pool.
    with pytest.raises(SlurmClusterError, match="not supported with reservations"):
        slurm_cluster.run([*create, *window, "TRES=gres/gpu=2"])
    slurm_cluster.run([*create, *window, "TRES=cpu=2"])

    try:
        reservation = slurm_cluster.reservation(name)
        assert reservation["Accounts"] == account
        assert reservation["State"] == "ACTIVE"
        assert reservation["TRES"] == "cpu=2"

        job = slurm_cluster.submit(account=account, user=user, gpus=2, seconds=1, reservation=name)
        queued = slurm_cluster.run(["squeue", "-h", "-j", job, "-o", "%v"]).stdout.strip()
        assert queued == name
        record = slurm_cluster.wait_done(job)
        assert record["State"] == "COMPLETED"
        assert "gres/gpu=2" in record["AllocTRES"].split(",")
        # (sacct's Reservation and ReservationId stay empty for a job that started
        # in the very second its reservation began: 22.05 joins on a strictly
        # earlier reservation start. tests/slurm/README.md has the details.)

        with pytest.raises(SlurmClusterError, match="Access denied to requested reservation"):
            slurm_cluster.submit(
                account=other, user=other_user, gpus=1, seconds=1, reservation=name
            )
    finally:
        slurm_cluster.run(["scontrol", "delete", f"ReservationName={name}"])
    assert slurm_cluster.reservation(name) == {}
