"""The platform's address in links that leave the page (issue 21.8): in development the
address the request reached the server at, in production KIVOUCHER_SITE_URL, which
the deploy check and `kivoucher serve` insist on."""

import os
import subprocess
import sys

import pytest
from django.core.checks import run_checks
from django.http import HttpResponse
from django.test import RequestFactory

from kivoucher.core.site import DEVELOPMENT_URL, SiteURLMiddleware, absolute_url

HOSTS = ["testserver", "kiv.local"]


def _link_built_in_request(host: str) -> str:
    """What `absolute_url` gives while a request to `host` is handled."""
    middleware = SiteURLMiddleware(lambda request: HttpResponse(absolute_url("/verify/X")))
    return middleware(RequestFactory().get("/", HTTP_HOST=host)).content.decode()


def test_in_development_links_use_the_address_the_request_reached(settings):
    settings.DEBUG, settings.ALLOWED_HOSTS = True, HOSTS
    settings.SITE_URL = "https://ki-voucher.example.org"
    assert _link_built_in_request("kiv.local:8123") == "http://kiv.local:8123/verify/X"
    # outside a request: the setting, else the development address
    assert absolute_url("/verify/X") == "https://ki-voucher.example.org/verify/X"
    settings.SITE_URL = ""
    assert absolute_url("verify/X") == f"{DEVELOPMENT_URL}/verify/X"


def test_in_production_links_use_the_setting_whatever_the_host(settings):
    settings.DEBUG, settings.ALLOWED_HOSTS = False, HOSTS
    settings.SITE_URL = "https://ki-voucher.example.org/"
    assert _link_built_in_request("kiv.local") == "https://ki-voucher.example.org/verify/X"


@pytest.mark.django_db
def test_pages_know_the_address_they_were_reached_at_in_development(client, settings):
    settings.DEBUG, settings.ALLOWED_HOSTS = True, HOSTS
    settings.SITE_URL = ""
    response = client.get("/", HTTP_HOST="kiv.local:8765")
    assert response.context["SITE_URL"] == "http://kiv.local:8765"


def _site_url_errors(settings, value):
    settings.SITE_URL = value
    return [m.id for m in run_checks(include_deployment_checks=True) if m.id.startswith("kivou")]


def test_the_deploy_check_refuses_a_missing_or_malformed_site_url(settings):
    assert _site_url_errors(settings, "") == ["kivoucher.E001"]
    assert _site_url_errors(settings, "ki-voucher.example.org") == ["kivoucher.E002"]
    assert _site_url_errors(settings, "https://example.org/kiv/") == ["kivoucher.E002"]
    assert _site_url_errors(settings, "https://ki-voucher.example.org") == []
    assert _site_url_errors(settings, "http://127.0.0.1:8765/") == []


def _production_env(tmp_path, **extra) -> dict:
    env = {
        **os.environ,
        "KIVOUCHER_DATA_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "kivoucher.settings",
        "KIVOUCHER_DEBUG": "0",
        "KIVOUCHER_SECRET_KEY": "a-real-secret-" + "x7Hq2pLm9Zr4" * 5,
        **extra,
    }
    env.pop("DATABASE_URL", None)
    env.pop("KIVOUCHER_SITE_URL", None)
    return env


def test_check_deploy_fails_without_the_site_url(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "kivoucher", "check", "--deploy"],
        env=_production_env(tmp_path, KIVOUCHER_ALLOWED_HOSTS="ki-voucher.example.org"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "kivoucher.E001" in result.stderr and "KIVOUCHER_SITE_URL" in result.stderr


def test_serve_refuses_to_start_in_production_without_the_site_url(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "kivoucher", "serve", "--bind", "127.0.0.1:0", "--workers", "1"],
        env=_production_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "KIVOUCHER_SITE_URL" in result.stdout + result.stderr
    assert "Booting worker" not in result.stdout + result.stderr
