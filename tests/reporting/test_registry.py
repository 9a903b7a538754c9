"""Each programme line contributes its dashboard section from its own package; the
registry finds them without guessing model or field names."""

import ast
from pathlib import Path

import pytest

from kivoucher.reporting.home import items
from kivoucher.reporting.sections import sections_all
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

REPORTING = Path(__file__).resolve().parents[2] / "src" / "kivoucher" / "reporting"


def test_each_line_contributes_its_section_from_its_own_package():
    modules = {s.key: type(s).__module__ for s in sections_all()}
    assert modules["funnel"] == "kivoucher.applications.reporting"
    assert modules["compute"] == "kivoucher.compute.reporting"
    assert modules["presale"] == "kivoucher.presale.reporting"
    assert modules["budget"].startswith("kivoucher.reporting.")


def test_reporting_does_not_look_models_up_by_name():
    calls = []
    for path in REPORTING.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Attribute) and node.attr in {"get_model", "get_fields"}:
                calls.append(f"{path.relative_to(REPORTING)}:{node.lineno} {node.attr}")
    assert not calls


def test_superusers_find_the_dashboard_they_may_open(client_for):
    superuser = UserFactory(is_superuser=True)
    assert not superuser.is_programme_staff
    assert [item.url for item in items(superuser)] == ["/reporting/"]
    assert client_for(superuser).get("/reporting/").status_code == 200
    assert items(UserFactory()) == []
