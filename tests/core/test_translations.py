"""German is the default language and English the alternative: both catalogues
must be complete (no empty or fuzzy entries)."""

from pathlib import Path

import polib
import pytest

APPS = Path(__file__).resolve().parents[2] / "src" / "kivoucher"
CATALOGUES = sorted(APPS.glob("*/locale/*/LC_MESSAGES/django.po"))


def test_every_app_with_strings_has_catalogues():
    assert {p.parts[-5] for p in CATALOGUES} >= {"core", "ledger", "organizations", "programmes"}


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: f"{p.parts[-5]}-{p.parts[-3]}")
def test_catalogue_is_complete(path):
    po = polib.pofile(str(path))
    untranslated = [e.msgid for e in po if not e.translated() or e.fuzzy]
    assert not untranslated, f"{path}: untranslated {untranslated[:10]}"


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: f"{p.parts[-5]}-{p.parts[-3]}")
def test_catalogue_compiles_with_matching_placeholders(path):
    """What `compilemessages` refuses (a translation without the original's `%s`, a
    `%` that reads as a placeholder) fails here, not only in a fresh checkout."""
    import subprocess

    done = subprocess.run(
        ["msgfmt", "--check-format", "-o", "/dev/null", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
