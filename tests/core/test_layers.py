"""The layers of docs/architecture.md: no module imports from a layer above its own.

Read from the source with `ast` (no import side effects); migrations and the demo
command (the composition root, which names every app) are exempt.
"""

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "kivoucher"

LINE_I_BASE = {
    "core",
    "ledger",
    "organizations",
    "webhooks",
    "payments",
    "programmes",
    "recovery",
    "einvoices",
}
# app -> the apps it may import from (besides itself)
ALLOWED = {
    "core": set(),
    # E-invoice validation against the official rules (EN 16931, XRechnung): no domain.
    "einvoices": {"core"},
    "ledger": {"core"},
    "organizations": {"core", "ledger"},
    # Partners are told of events by webhooks: every domain app may emit one.
    "webhooks": {"core", "organizations"},
    "payments": {"core", "ledger", "organizations", "webhooks"},
    "programmes": {"core", "ledger", "organizations"},
    # Receivables and recovery of every line: the lines start cases, repayments come
    # from bank statements (payments), de-minimis records are reduced (programmes).
    "recovery": {"core", "ledger", "organizations", "webhooks", "payments", "programmes"},
    "providers": LINE_I_BASE,
    "applications": LINE_I_BASE | {"providers"},
    "projects": LINE_I_BASE | {"providers", "applications"},
    "compute": LINE_I_BASE,
    "presale": LINE_I_BASE,
    "reporting": LINE_I_BASE | {"providers", "applications", "projects", "compute", "presale"},
    # The accessibility feedback tickets need only accounts, mail and the audit log.
    "feedback": {"core", "organizations"},
    # The public legal and information pages describe what every app processes.
    # Accounts: deleting one's account follows the organisations' rules of leaving.
    "accounts": LINE_I_BASE,
    "publicpages": LINE_I_BASE
    | {"providers", "applications", "projects", "compute", "presale", "reporting", "feedback"},
    # Invoices the platform issues: to line III buyers (told of purchase events by the
    # `presale_events` registry) and self-billing invoices of line II data centres.
    "invoicing": LINE_I_BASE | {"compute", "presale", "einvoices"},
}
EXEMPT = ("migrations", "management/commands/demo.py")
# A line contributes its dashboard sections from `<app>/reporting.py`, the one module
# that imports reporting: its registry's interface (`kivoucher.reporting.sections`).
REGISTRY_CONTRIBUTIONS = {"reporting.py": {"reporting"}}


def _imported_apps(path: Path) -> set[str]:
    apps = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        names = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        for name in names:
            parts = name.split(".")
            if parts[0] == "kivoucher" and len(parts) > 1 and parts[1] in ALLOWED:
                apps.add(parts[1])
    return apps


def test_every_app_has_a_layer():
    apps = {p.parent.name for p in SRC.glob("*/apps.py")}
    assert apps == set(ALLOWED)


@pytest.mark.parametrize("app", sorted(ALLOWED))
def test_no_upward_imports(app):
    upward = []
    for path in sorted((SRC / app).rglob("*.py")):
        relative = path.relative_to(SRC / app).as_posix()
        if any(part in relative for part in EXEMPT):
            continue
        allowed = ALLOWED[app] | {app} | REGISTRY_CONTRIBUTIONS.get(relative, set())
        for other in _imported_apps(path) - allowed:
            upward.append(f"{app}/{relative} imports kivoucher.{other}")
    assert not upward, "\n".join(upward)
