"""Update the translation catalogues of every app.

    python scripts/po_update.py                 # makemessages in each app; English = source
    python scripts/po_update.py --de FILE.json  # also fill German entries from {msgid: msgstr}
    python scripts/po_update.py --missing       # list German entries still untranslated

Source strings are English; German is the default language of the UI, so every
German entry must be translated (tests/core/test_translations.py checks it).
"""

import argparse
import json
import subprocess
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
APPS = ROOT / "src" / "kivoucher"
KIVOUCHER = ROOT / ".venv" / "bin" / "kivoucher"


def app_dirs() -> list[Path]:
    return sorted(p.parent for p in APPS.glob("*/apps.py"))


def makemessages(app: Path) -> None:
    (app / "locale").mkdir(exist_ok=True)
    subprocess.run(
        [
            str(KIVOUCHER),
            "makemessages",
            "-l",
            "de",
            "-l",
            "en",
            "-v",
            "0",
            "--no-obsolete",
            "--ignore",
            "migrations/*",
        ],
        cwd=app,
        check=True,
    )


def fill_english(app: Path) -> None:
    path = app / "locale" / "en" / "LC_MESSAGES" / "django.po"
    if not path.exists():
        return
    po = polib.pofile(str(path))
    for entry in po:
        if entry.msgid_plural:
            entry.msgstr_plural = {0: entry.msgid, 1: entry.msgid_plural}
        else:
            entry.msgstr = entry.msgid
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
    po.save()


def fill_german(app: Path, mapping: dict) -> None:
    path = app / "locale" / "de" / "LC_MESSAGES" / "django.po"
    if not path.exists():
        return
    po = polib.pofile(str(path))
    for entry in po:
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
            entry.msgstr = ""
        value = mapping.get(entry.msgid)
        if value is None:
            continue
        if entry.msgid_plural:
            if isinstance(value, list):
                entry.msgstr_plural = dict(enumerate(value))
        elif not entry.msgstr:
            entry.msgstr = value
    po.save()


def missing() -> list[tuple[str, str]]:
    result = []
    for app in app_dirs():
        path = app / "locale" / "de" / "LC_MESSAGES" / "django.po"
        if path.exists():
            po = polib.pofile(str(path))
            result += [(app.name, e.msgid) for e in po if not e.translated() or e.fuzzy]
    return result


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--de", type=Path, help="JSON file {msgid: German msgstr}")
    parser.add_argument("--missing", action="store_true")
    args = parser.parse_args()
    if args.missing:
        for app, msgid in missing():
            print(f"{app}\t{json.dumps(msgid, ensure_ascii=False)}")
        return 0
    mapping = json.loads(args.de.read_text()) if args.de else {}
    for app in app_dirs():
        makemessages(app)
        fill_english(app)
        fill_german(app, mapping)
    left = missing()
    print(f"{len(left)} German entries untranslated")
    return 0


if __name__ == "__main__":
    sys.exit(main())
