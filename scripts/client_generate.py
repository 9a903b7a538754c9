"""Generate the typed Python client of the API (`make client`).

1. The OpenAPI document is built in-process (`kivoucher.api.api`, no server, no
   network) and written to `clients/python/openapi.json` with sorted keys.
2. openapi-python-client turns it into the project `clients/python/kivoucher-client`
   (package `kivoucher_client`; options in `clients/python/config.yaml`), formatted
   by the ruff of this virtual environment.
3. `clients/python/SHA256SUMS` records the SHA-256 of the document, the config and
   every generated file (`cd clients/python && sha256sum -c SHA256SUMS`).

tests/core/test_python_client_current.py fails when the API's document differs from
`openapi.json` or a file differs from `SHA256SUMS`: run `make client` and commit.

    KIVOUCHER_DEBUG=1 .venv/bin/python scripts/client_generate.py
"""

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CLIENT_DIR = ROOT / "clients" / "python"
DOCUMENT = CLIENT_DIR / "openapi.json"
CONFIG = CLIENT_DIR / "config.yaml"
PROJECT = CLIENT_DIR / "kivoucher-client"
SUMS = CLIENT_DIR / "SHA256SUMS"
# Not part of the client: caches, and what `pip install ./clients/python/kivoucher-client`
# leaves behind (the generated .gitignore ignores the same).
SKIPPED = {"__pycache__", ".ruff_cache", ".pytest_cache", ".mypy_cache", "build", "dist"}


def document_text() -> str:
    """The API's OpenAPI document as stable JSON text (Django must be set up)."""
    from kivoucher.api import api

    document = api.get_openapi_schema()
    return json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def _skipped(folders: tuple[str, ...]) -> bool:
    return any(name in SKIPPED or name.endswith(".egg-info") for name in folders)


def generated_files() -> list[Path]:
    """The generated project's files, sorted, without caches."""
    return sorted(
        path
        for path in PROJECT.rglob("*")
        if path.is_file() and not _skipped(path.relative_to(PROJECT).parts[:-1])
    )


def sums_expected() -> str:
    """The text of SHA256SUMS for the files as they are now."""
    lines = []
    for path in [DOCUMENT, CONFIG, *generated_files()]:
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        lines.append(f"{digest}  {path.relative_to(CLIENT_DIR).as_posix()}")
    return "\n".join(lines) + "\n"


def _generate(output: Path) -> None:
    # The generator formats its output with `ruff` from PATH (and skips that, with a
    # warning, when there is none): this environment's ruff, always.
    bin_dir = str(Path(sys.executable).parent)
    path = bin_dir + os.pathsep + os.environ.get("PATH", "")
    env = {**os.environ, "PATH": path, "RUFF_NO_CACHE": "true"}
    command = [
        sys.executable,
        "-m",
        "openapi_python_client",
        "generate",
        "--path",
        str(DOCUMENT),
        "--config",
        str(CONFIG),
        "--meta",
        "setup",
        "--output-path",
        str(output),
    ]
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    # Warnings (a part of the document the generator cannot express) are shown;
    # e.g. a new download type goes into content_type_overrides of config.yaml.
    report = (result.stdout + result.stderr).replace(str(output), str(PROJECT))
    if result.returncode != 0 or "Warning" in report:
        sys.stderr.write(report)
    if result.returncode != 0:
        raise SystemExit(f"openapi-python-client failed ({result.returncode})")


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kivoucher.settings")
    os.environ.setdefault("KIVOUCHER_DEBUG", "1")
    import django

    django.setup()
    DOCUMENT.write_text(document_text(), encoding="utf-8")
    with tempfile.TemporaryDirectory() as tmp:
        output = Path(tmp) / PROJECT.name
        _generate(output)
        shutil.rmtree(PROJECT, ignore_errors=True)
        shutil.move(str(output), str(PROJECT))
    SUMS.write_text(sums_expected(), encoding="utf-8")
    print(f"Client generated: {PROJECT.relative_to(ROOT)} (checksums in SHA256SUMS)")


if __name__ == "__main__":
    main()
