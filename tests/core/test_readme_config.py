"""README.md's configuration table names every environment variable the settings read
(issue 21.8: KIVOUCHER_SITE_URL, the static and media roots and HSTS were missing)."""

import re
from pathlib import Path

import kivoucher.settings

ROOT = Path(__file__).resolve().parents[2]
READ = re.compile(r"""(?:os\.environ\.get|_env_bool)\(\s*["']([A-Z0-9_]+)["']""")


def _configuration_table() -> str:
    readme = (ROOT / "README.md").read_text()
    section = readme.split("\n## Configuration\n", 1)[1].split("\n## ", 1)[0]
    return "\n".join(line for line in section.splitlines() if line.startswith("|"))


def test_every_environment_variable_of_the_settings_is_in_the_readme_table():
    source = Path(kivoucher.settings.__file__).read_text()
    names = set(READ.findall(source))
    assert {"KIVOUCHER_SITE_URL", "KIVOUCHER_DEBUG", "DATABASE_URL"} <= names
    table = _configuration_table()
    missing = sorted(name for name in names if f"`{name}`" not in table)
    assert not missing, f"README.md's configuration table lacks {missing}"
