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
