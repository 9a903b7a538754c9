"""Test settings: the real settings, with what a test client over plain HTTP needs."""

import os

# Production mode (debug off, as the suite runs) refuses to start without a key of
# its own; the suite and the servers it starts use this one.
os.environ.setdefault("KIVOUCHER_SECRET_KEY", "tests-only-" + "k3y" * 16)
# ... and the site's address (links in mails; `kivoucher serve` checks it is set).
os.environ.setdefault("KIVOUCHER_SITE_URL", "http://127.0.0.1:8000")

from kivoucher.settings import *  # noqa: E402, F403

SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
# Hashing is tested on the real settings (tests/core/test_views.py); the fast
# hasher keeps factories quick.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# Webhook receivers in the tests listen on 127.0.0.1 over plain http.
KIVOUCHER_WEBHOOK_ALLOW_PRIVATE = True
KIVOUCHER_WEBHOOK_TIMEOUT = 1.0
