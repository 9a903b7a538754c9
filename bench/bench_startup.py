"""Start-up: seconds from a fresh clone to the first page served by `make run`, and
the installed size; baseline in the same run: a bare venv with Django alone.

pip's download cache of this machine is used by both (there is no internet but the
package registries), so the figure is what a developer's second machine sees.
"""

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from common import ROOT, free_port


def du_mb(path: Path) -> float:
    total = sum(f.stat().st_size for f in path.rglob("*") if f.is_file() and not f.is_symlink())
    return total / 1e6


def baseline(tmp: Path) -> tuple[float, float]:
    start = time.perf_counter()
    venv = tmp / "bare"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    subprocess.run(
        [str(venv / "bin" / "pip"), "install", "-q", "django>=5.2,<5.3"],
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return time.perf_counter() - start, du_mb(venv)


def make_run(tmp: Path) -> tuple[float, float]:
    clone = tmp / "clone"
    port = free_port()
    start = time.perf_counter()
    subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True)
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "VIRTUAL_ENV"}}
    process = subprocess.Popen(
        ["make", "run", f"PORT={port}"],
        cwd=clone,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2).read()  # noqa: S310
                break
            except OSError:
                if process.poll() is not None:
                    raise RuntimeError("make run stopped") from None
                time.sleep(0.2)
        seconds = time.perf_counter() - start
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(30)
    return seconds, du_mb(clone / ".venv")


def main() -> None:
    tmp = Path(tempfile.mkdtemp(prefix="kiv-bench-startup-"))
    try:
        base_s, base_mb = baseline(tmp)
        run_s, run_mb = make_run(tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(
        f"make run from a fresh clone to the first page: {run_s:.1f} s, "
        f"installed size {run_mb:.0f} MB"
    )
    print(f"baseline venv with Django alone: {base_s:.1f} s, {base_mb:.0f} MB")
    print(f"ratio: time {run_s / base_s:.1f}x, size {run_mb / base_mb:.1f}x")


if __name__ == "__main__":
    main()
