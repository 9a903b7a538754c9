"""The typed Python client in clients/python is generated from the current API.

`make client` (scripts/client_generate.py) writes the API's OpenAPI document to
clients/python/openapi.json, generates clients/python/kivoucher-client from it and
records the SHA-256 of the document, the generator's config and every generated
file in clients/python/SHA256SUMS. An API change without `make client` fails here:
the document differs from openapi.json. A hand-edited, missing or extra generated
file (or an openapi.json copied in without generating) fails the checksums. The
checksums are compared rather than the generator run again: it takes seconds, and
its formatting depends on the versions of the tools.
"""

import difflib

import pytest
from scripts.client_generate import DOCUMENT, SUMS, document_text, sums_expected

HINT = "run `make client` and commit clients/python"


def _diff(expected: str, actual: str, names: tuple[str, str], limit: int = 40) -> str:
    lines = difflib.unified_diff(
        expected.splitlines(), actual.splitlines(), *names, lineterm="", n=1
    )
    return "\n".join(list(lines)[:limit])


def test_the_client_was_generated_from_the_current_document():
    current = document_text()
    committed = DOCUMENT.read_text(encoding="utf-8")
    if committed != current:
        diff = _diff(committed, current, ("clients/python/openapi.json", "the API now"))
        pytest.fail(f"The API's OpenAPI document changed: {HINT}.\n{diff}", pytrace=False)


def test_the_generated_files_match_their_checksums():
    expected = sums_expected()
    recorded = SUMS.read_text(encoding="utf-8")
    if recorded != expected:
        diff = _diff(recorded, expected, ("SHA256SUMS", "the files now"))
        pytest.fail(
            f"clients/python differs from what `make client` made: {HINT}.\n{diff}", pytrace=False
        )


def test_the_checksums_cover_the_document_and_the_package():
    names = [line.split("  ", 1)[1] for line in SUMS.read_text(encoding="utf-8").splitlines()]
    assert names[:2] == ["openapi.json", "config.yaml"]
    assert "kivoucher-client/kivoucher_client/client.py" in names
    assert "kivoucher-client/kivoucher_client/models/api_error.py" in names
