"""Browser tests: Playwright driving Debian's Chromium (/usr/bin/chromium) against
pytest-django's live server. `make test` installs Chromium with apt when missing;
browsers are never downloaded by Playwright.

Fixtures: `browser` (one Chromium per test process), `page` (a fresh context per
test, German locale, desktop size, CSP errors collected). Helpers in helpers.py.
"""

import os
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
ASYNC_UNSAFE = "DJANGO_ALLOW_ASYNC_UNSAFE"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


@pytest.fixture(scope="module")
def browser():
    """One Chromium per test module. While it runs, Playwright's sync API keeps an
    event loop in the test thread, in which Django refuses ORM calls unless
    DJANGO_ALLOW_ASYNC_UNSAFE is set; it is set only for that time (module scope, so
    it never leaks into other tests, e.g. the `check --deploy` subprocess)."""
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), (
        f"{CHROMIUM} is missing: `make test` installs it (apt-get install -y chromium)"
    )
    previous = os.environ.get(ASYNC_UNSAFE)
    os.environ[ASYNC_UNSAFE] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop(ASYNC_UNSAFE, None)
        else:
            os.environ[ASYNC_UNSAFE] = previous


@pytest.fixture
def page(browser, live_server):
    from tests.browser.helpers import DESKTOP

    context = browser.new_context(viewport=DESKTOP, locale="de-DE")
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
    yield page
    context.close()
