"""Tasks for the worker tests (tests/core/test_worker.py); importable by a worker
subprocess (PYTHONPATH holds the repository). Each leaves its traces in files of
`folder`, so a test counts how often a task started and how often it did its work."""

import time
from pathlib import Path

from django_tasks import task


def _append(path: Path, line: str) -> None:
    with path.open("a") as out:
        out.write(line + "\n")


def lines(path: Path) -> list[str]:
    return path.read_text().splitlines() if path.exists() else []


@task()
def record_task(*, folder: str, value: str) -> str:
    _append(Path(folder) / "effects", value)
    return value


@task()
def blocking_task(*, folder: str) -> str:
    """Starts, waits until the test creates `release`, then does its work once:
    the work is marked done in a file, as a real task marks its row."""
    base = Path(folder)
    _append(base / "starts", "start")
    deadline = time.monotonic() + 120
    while not (base / "release").exists():
        if time.monotonic() > deadline:
            raise TimeoutError("never released")
        time.sleep(0.05)
    if not (base / "done").exists():
        _append(base / "effects", "work")
        (base / "done").write_text("1")
    return "done"
