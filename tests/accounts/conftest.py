import re
from urllib.parse import urlparse

import pytest
from django.core.cache import cache

from tests.core.test_mail import SmtpServer, body_of, free_port, smtp_settings


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """allauth counts requests in Django's cache: each test starts at zero."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def smtp():
    """A real SMTP server in the test process; the platform sends to it."""
    port = free_port()
    with SmtpServer(port) as server, smtp_settings(port):
        yield server


def mails_to(smtp, address: str) -> list:
    return [m for m in smtp.messages if address in m["X-Envelope-To"].split(", ")]


def link_in(message, pattern: str) -> str:
    """The path of the first link in the mail's text that contains `pattern`."""
    for url in re.findall(r"https?://\S+", body_of(message)):
        if pattern in url:
            return urlparse(url).path
    raise AssertionError(f"no link with {pattern!r} in:\n{body_of(message)}")
