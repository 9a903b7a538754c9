"""The agent's small state file (JSON), written atomically (temp file + rename).

cursor        the latest job end time up to which every finished job has a result
recent        record id -> job end, of the jobs with a result inside the overlap
              window (read again next pass, but not sent again)
accounts      Slurm account -> voucher code, as last seen in the voucher list
              (the jobs of an account whose voucher left the list are still posted)
synced        Slurm account -> time of the last pass that left it as the voucher says
reservations  names of the reservations the agent created
last_sync     time of the last pass that finished without error
"""

import json
import os
import tempfile
from pathlib import Path


class StateError(RuntimeError):
    pass


def state_default() -> dict:
    return {
        "version": 1,
        "cursor": None,
        "recent": {},
        "accounts": {},
        "synced": {},
        "reservations": [],
        "last_sync": None,
    }


def state_load(path: str) -> dict:
    state = state_default()
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        return state
    except OSError as exc:
        raise StateError(f"cannot read the state file {path}: {exc.strerror}")
    try:
        data = json.loads(text)
    except ValueError:
        raise StateError(f"the state file {path} is not JSON (move it away to start afresh)")
    if not isinstance(data, dict):
        raise StateError(f"the state file {path} is not a JSON object")
    for key, default in state.items():
        value = data.get(key, default)
        state[key] = value if isinstance(value, type(default)) or default is None else default
    return state


def state_save(path: str, state: dict) -> None:
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            json.dump(state, stream, indent=1, sort_keys=True)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
