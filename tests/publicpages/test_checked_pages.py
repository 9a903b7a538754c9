"""The accessibility statement claims exactly the checks the browser suite makes.

`kivoucher.publicpages.checked_pages.CHECKED_PAGES` lists the named axe-core checks
of tests/browser (the `name` of each `page_checked(page, url, name)` call). This
test reads the browser tests' source (no browser needed) and compares: a named
check added to a browser test without an entry, or an entry whose check is gone,
fails here with the line to add or remove."""

import ast
from pathlib import Path

from kivoucher.publicpages.checked_pages import CHECKED_PAGES, Audience

BROWSER_TESTS = Path(__file__).resolve().parents[1] / "browser"


def _name_argument(call: ast.Call) -> ast.expr | None:
    if len(call.args) >= 3:
        return call.args[2]
    return next((k.value for k in call.keywords if k.arg == "name"), None)


def _pattern(node: ast.expr, where: str) -> str | None:
    """The check's name; `*` for the formatted parts of an f-string; None: unnamed."""
    if isinstance(node, ast.Constant) and node.value is None:
        return None
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(
            part.value if isinstance(part, ast.Constant) else "*" for part in node.values
        )
    raise AssertionError(
        f"{where}: page_checked's name is {ast.unparse(node)}; write it as a string or an "
        "f-string, so the accessibility statement can list the check"
    )


def _is_page_checked(call: ast.Call) -> bool:
    func = call.func
    return (isinstance(func, ast.Name) and func.id == "page_checked") or (
        isinstance(func, ast.Attribute) and func.attr == "page_checked"
    )


def named_checks() -> dict[str, str]:
    """name -> where it is checked, over every browser test module."""
    found: dict[str, str] = {}
    for module in sorted(BROWSER_TESTS.glob("test_*.py")):
        tree = ast.parse(module.read_text(encoding="utf-8"), filename=str(module))
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and _is_page_checked(node)):
                continue
            where = f"tests/browser/{module.name}:{node.lineno}"
            argument = _name_argument(node)
            name = None if argument is None else _pattern(argument, where)
            if name is not None:
                found.setdefault(name, where)
    return found


def test_the_reader_finds_the_named_checks_of_the_suite():
    checks = named_checks()
    # the reader is not vacuous: checks of several modules, f-strings included
    assert {"start", "impressum", "line1-application-form", "home-*"} <= set(checks)
    assert len({where.split(":")[0] for where in checks.values()}) >= 4


def test_checked_pages_list_matches_the_browser_suite():
    checks = named_checks()
    listed = [page.name for page in CHECKED_PAGES]
    assert len(listed) == len(set(listed)), "a name is listed twice in CHECKED_PAGES"
    missing = sorted(set(checks) - set(listed))
    stale = sorted(set(listed) - set(checks))
    assert not missing, (
        "Named axe checks not in kivoucher/publicpages/checked_pages.py (the accessibility "
        "statement lists them): "
        + "; ".join(
            f'CheckedPage("{name}", _("<title>"), Audience.<...>)  # {checks[name]}'
            for name in missing
        )
    )
    assert not stale, f"CHECKED_PAGES lists checks no browser test makes any more: {stale}"


def test_every_checked_page_has_a_title_and_an_audience():
    for page in CHECKED_PAGES:
        assert str(page.title).strip(), page.name
        assert page.audience in Audience.values, page.name


def test_the_reader_understands_the_forms_of_a_call():
    source = """
page_checked(page, "/a/", "plain")
page_checked(page, None, name="keyword")
page_checked(page, f"/x/{pk}/", f"role-{role.value}-view")
page_checked(page, "/unnamed/")
page_checked(page, None, None)
helpers.page_checked(page, "/b/", "attribute")
"""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and _is_page_checked(node):
            argument = _name_argument(node)
            found.append(None if argument is None else _pattern(argument, "here"))
    assert sorted(filter(None, found)) == ["attribute", "keyword", "plain", "role-*-view"]
    assert found.count(None) == 2
