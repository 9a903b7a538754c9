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
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]

# The live server thread shares the test database; Playwright's sync API runs an
# event loop in the test thread, which Django would otherwise refuse ORM calls in.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), (
        f"{CHROMIUM} is missing: `make test` installs it (apt-get install -y chromium)"
    )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


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
