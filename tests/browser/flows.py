"""Shared pieces of the line flows in the browser: a signed-in page per person
(one browser context each, reused for the whole flow) and keyboard helpers."""

from tests.browser.helpers import DESKTOP, sign_in


def page_for(browser, live_server, user=None):
    """A fresh context (German, desktop size, CSP errors collected) with `user`
    signed in (staff with TOTP done); None gives an anonymous page."""
    context = browser.new_context(viewport=DESKTOP, locale="de-DE", accept_downloads=True)
    context.kivoucher_base_url = live_server.url
    page = context.new_page()
    page.kivoucher_csp_errors = []
    page.on(
        "console",
        lambda msg: (
            page.kivoucher_csp_errors.append(msg.text)
            if msg.type == "error" and "Content Security Policy" in msg.text
            else None
        ),
    )
    page.set_default_timeout(10_000)
    if user is not None:
        sign_in(page, user)
    return page


def active(page, script: str):
    return page.evaluate(f"(() => {{ const el = document.activeElement; return {script}; }})()")


def tab_to(page, script: str, limit: int = 60) -> None:
    """Press Tab until the focused element satisfies `script` (JS over `el`)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if active(page, script):
            return
    raise AssertionError(f"no element with {script} can be reached with the Tab key")


def focused_id(page) -> str:
    return page.evaluate("document.activeElement.id")


def date_order(page) -> list[str]:
    """The order in which this Chromium takes the parts of a typed date (it follows
    the operating system's locale, not the page's language): found by typing 01, 02,
    2000 into a scratch date field."""
    scratch = page.context.new_page()
    scratch.set_content("<input type=date id=d>")
    scratch.focus("#d")
    scratch.keyboard.type("01022000")
    value = scratch.eval_on_selector("#d", "e => e.value")
    scratch.close()
    return ["day", "month", "year"] if value == "2000-02-01" else ["month", "day", "year"]


def type_date(page, value, order: list[str]) -> None:
    """Type a date into the focused <input type=date>, part by part."""
    parts = {"day": f"{value.day:02d}", "month": f"{value.month:02d}", "year": f"{value.year}"}
    for part in order:
        page.keyboard.type(parts[part])
