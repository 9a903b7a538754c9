"""Settings of the test OpenID Connect provider (not the platform's)."""

import os

SECRET_KEY = "oidc-provider-tests-only-" + "x" * 30  # noqa: S105 - a test fixture
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "oidc_provider",
]
MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
]
ROOT_URLCONF = "tests.oidc_provider.urls"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [os.path.join(os.path.dirname(__file__), "templates")],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
            ]
        },
    }
]
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.environ["OIDC_PROVIDER_DB"],
    }
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
USE_TZ = True
LOGIN_URL = "/login/"
SITE_URL = os.environ["OIDC_PROVIDER_URL"]
OIDC_LOGIN_URL = "/login/"
OIDC_USERINFO = "tests.oidc_provider.claims.userinfo"
OIDC_IDTOKEN_PROCESSING_HOOK = "tests.oidc_provider.claims.id_token_roles"
OIDC_IDTOKEN_INCLUDE_CLAIMS = True
OIDC_SKIP_CONSENT_EXPIRE = 1
# The platform under test runs on 127.0.0.1 too: cookies do not tell ports apart.
SESSION_COOKIE_NAME = "directory_sessionid"
CSRF_COOKIE_NAME = "directory_csrftoken"
