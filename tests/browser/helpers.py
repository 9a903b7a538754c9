"""Reusable pieces of the browser tests: sign-in, and `page_checked`, which every
flow calls for every page it shows: it waits for the page, runs axe-core (fails
on "serious" and "critical" violations and on Content-Security-Policy errors)
and, when given a name, writes screenshots at 375 px and desktop width to
<folder>/<name>-mobile.png and <name>-desktop.png. The folder is
KIVOUCHER_SCREENSHOTS_DIR (`make screenshots` sets it to docs/screenshots/), else
a folder in the system's temporary directory, so a test run leaves the work tree
as it was.
"""

import os
import tempfile
from pathlib import Path

from django.test import Client

AXE_SOURCE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text()
SCREENSHOTS_ENV = "KIVOUCHER_SCREENSHOTS_DIR"
DESKTOP = {"width": 1280, "height": 900}
MOBILE = {"width": 375, "height": 812}
FAILING_IMPACTS = {"serious", "critical"}


class AccessibilityError(AssertionError):
    pass


def axe_violations(page) -> list[dict]:
    """Run axe-core in the page; it is evaluated over the DevTools protocol, so
    the page's Content-Security-Policy stays fully in force."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_SOURCE)
    result = page.evaluate(
        """async () => {
            const r = await axe.run(document, {resultTypes: ["violations"]});
            return r.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 5).map(n => n.target.join(" ") + ": " + n.failureSummary)
            }));
        }"""
    )
    return result


def check_no_sideways_scrolling(page, *, where: str) -> None:
    """At 375 px nothing may push the page wider than the screen (WCAG 1.4.10
    reflow): wide tables scroll inside their own box instead.

    The page's own width decides; the elements named are those sticking out, outside
    a `.table-scroll` box where there are any (an absolutely positioned element in a
    box that does not contain it, e.g. a visually hidden label, widens the page from
    inside it)."""
    too_wide = page.evaluate(
        """() => {
            const width = document.documentElement.clientWidth;
            const scrolled = document.documentElement.scrollWidth;
            if (scrolled <= width) return [];
            const out = [...document.querySelectorAll("body *")]
                .filter(el => el.getBoundingClientRect().right > width + 1);
            const outside = out.filter(
                el => !el.closest(".table-scroll") || el.matches(".table-scroll"));
            return [scrolled + " px wide", ...(outside.length ? outside : out)
                .slice(0, 5)
                .map(el => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
                     + (el.className && typeof el.className === "string"
                        ? "." + el.className.trim().split(/\\s+/).join(".") : "")
                     + " right=" + Math.round(el.getBoundingClientRect().right))];
        }"""
    )
    width = (page.viewport_size or MOBILE)["width"]
    assert not too_wide, f"{where} scrolls sideways at {width} px: {too_wide}"


def check_accessibility(page, *, where: str) -> None:
    bad = [v for v in axe_violations(page) if v["impact"] in FAILING_IMPACTS]
    if bad:
        lines = [
            f"{v['impact']}: {v['id']} – {v['help']}\n    " + "\n    ".join(v["nodes"]) for v in bad
        ]
        raise AccessibilityError(f"axe-core on {where}:\n" + "\n".join(lines))


def screenshots_dir() -> Path:
    """Where screenshots go: KIVOUCHER_SCREENSHOTS_DIR, else a temporary folder."""
    configured = os.environ.get(SCREENSHOTS_ENV, "").strip()
    if configured:
        return Path(configured)
    return Path(tempfile.gettempdir()) / f"kivoucher-screenshots-{os.getuid()}"


def screenshot(page, name: str) -> list[Path]:
    folder = screenshots_dir()
    folder.mkdir(parents=True, exist_ok=True)
    original = page.viewport_size or DESKTOP
    # Focus rings appear or not depending on timing (autofocus); take the focus
    # away for the pictures, so committed screenshots only change with the page.
    page.evaluate(
        "() => { window.__kvFocus = document.activeElement;"
        " if (document.activeElement) document.activeElement.blur(); }"
    )
    paths = []
    for label, size in (("mobile", MOBILE), ("desktop", DESKTOP)):
        page.set_viewport_size(size)
        path = folder / f"{name}-{label}.png"
        page.screenshot(path=str(path), full_page=True, animations="disabled")
        paths.append(path)
    page.set_viewport_size(original)
    page.evaluate("() => { const el = window.__kvFocus; if (el && el.focus) el.focus(); }")
    return paths


def page_checked(page, url: str | None = None, name: str | None = None):
    """Open `url` (a path on the live server, or None for the current page), check
    it with axe-core and for CSP errors, and take screenshots when `name` is given."""
    if url is not None:
        base = page.context.kivoucher_base_url
        response = page.goto(base + url if url.startswith("/") else url)
        assert response is not None and response.status < 400, f"{url}: HTTP {response.status}"
    page.wait_for_load_state("load")
    where = page.url
    check_accessibility(page, where=where)
    for size in (MOBILE,):
        # Small screens too: contrast and target problems often appear there.
        page.set_viewport_size(size)
        check_accessibility(page, where=f"{where} at {size['width']} px")
        check_no_sideways_scrolling(page, where=where)
        page.set_viewport_size(DESKTOP)
    errors = getattr(page, "kivoucher_csp_errors", [])
    assert not errors, f"Content-Security-Policy violations on {where}: {errors}"
    if name:
        screenshot(page, name)
    return page


def sign_in(page, user) -> None:
    """Put a signed-in session of `user` into the browser (staff: TOTP done).

    For flows that are not about signing in; the sign-in itself is tested
    through the form in test_foundation.py.
    """
    from tests.conftest import login_client

    client = login_client(Client(), user)
    page.context.add_cookies(
        [
            {
                "name": "sessionid",
                "value": client.cookies["sessionid"].value,
                "url": page.context.kivoucher_base_url,
            }
        ]
    )
