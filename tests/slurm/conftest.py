"""Tests against a real Slurm (Debian's slurm-wlm 22.05): the `slurm_cluster`
fixture starts a private cluster once per test process (tests/slurm/cluster.py;
the API is in tests/slurm/README.md).

Every test that uses `slurm_cluster` (directly or through another fixture) is
marked `slurm` and put in the xdist group "slurm", so with `--dist loadgroup` (as
`make test` runs) one worker runs them all against one cluster. Without loadgroup
each worker starts its own cluster: free ports and unique names keep them apart.
Tests against fakes (no `slurm_cluster`) stay unmarked and run everywhere.
"""

import pytest

from tests.slurm.cluster import SlurmCluster


@pytest.hookimpl(tryfirst=True)  # before `-m` deselects and xdist reads the groups
def pytest_collection_modifyitems(config, items):
    for item in items:
        if "slurm_cluster" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.slurm)
            item.add_marker(pytest.mark.xdist_group("slurm"))


@pytest.fixture(scope="session")
def slurm_cluster():
    """A running private Slurm cluster: one node with 4 fake GPUs, accounting in
    a fresh MariaDB database. Fails (never skips) when it cannot start."""
    cluster = SlurmCluster().start()
    try:
        yield cluster
    finally:
        cluster.stop()
