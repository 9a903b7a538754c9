"""One settings module, configured by environment variables (DESIGN §6).

Development defaults are safe to run locally; production sets
KIVOUCHER_SECRET_KEY, KIVOUCHER_ALLOWED_HOSTS and DATABASE_URL, and leaves
KIVOUCHER_DEBUG off.
"""

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
WORK_DIR = Path(os.environ.get("KIVOUCHER_DATA_DIR", Path.cwd()))


def _env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


DEBUG = _env_bool("KIVOUCHER_DEBUG", False)
_DEV_SECRET = "dev-only-insecure-key-change-me-in-production"  # noqa: S105
SECRET_KEY = os.environ.get("KIVOUCHER_SECRET_KEY", _DEV_SECRET)
ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("KIVOUCHER_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")
    if h.strip()
]
SITE_URL = os.environ.get("KIVOUCHER_SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "kivoucher.core",
    "kivoucher.ledger",
    "kivoucher.organizations",
    "kivoucher.programmes",
    "kivoucher.applications",
    "kivoucher.projects",
    "kivoucher.compute",
    "kivoucher.presale",
    "kivoucher.payments",
    "kivoucher.reporting",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = os.environ.get("KIVOUCHER_URLCONF", "kivoucher.urls")
WSGI_APPLICATION = "kivoucher.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "kivoucher.core.context_processors.platform",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------
# SQLite is the embedded default: WAL journal, IMMEDIATE transactions (a writer
# takes the write lock when its transaction starts, so read-then-write never
# deadlocks) and a busy timeout instead of "database is locked" errors.
DATABASE_URL = os.environ.get("DATABASE_URL", f"sqlite:///{WORK_DIR / 'kivoucher.sqlite3'}")
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=0)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
        ),
    }
    DATABASES["default"]["TEST"] = {"NAME": os.environ.get("KIVOUCHER_SQLITE_TEST_NAME")}
else:
    DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("KIVOUCHER_CONN_MAX_AGE", "60"))
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
IS_POSTGRES = DATABASES["default"]["ENGINE"].startswith("django.db.backends.postgresql")

# --- Accounts -------------------------------------------------------------
AUTH_USER_MODEL = "core.User"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "index"

# --- Internationalisation -------------------------------------------------
LANGUAGE_CODE = "de"
LANGUAGES = [("de", _("German")), ("en", _("English"))]
LOCALE_PATHS: list = []
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True

# --- Static and uploaded files --------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("KIVOUCHER_STATIC_ROOT", WORK_DIR / "staticfiles"))
# Uploads live outside static files and are only served through views that
# check access.
MEDIA_ROOT = Path(os.environ.get("KIVOUCHER_MEDIA_ROOT", WORK_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024
KIVOUCHER_MAX_UPLOAD_BYTES = int(os.environ.get("KIVOUCHER_MAX_UPLOAD_BYTES", 10 * 1024 * 1024))

# --- Background work and mail ---------------------------------------------
TASKS = {
    "default": {
        "BACKEND": os.environ.get(
            "KIVOUCHER_TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend"
        )
    }
}
EMAIL_BACKEND = os.environ.get(
    "KIVOUCHER_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = os.environ.get("KIVOUCHER_FROM_EMAIL", "ki-voucher@example.org")

# --- Security ---------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SESSION_COOKIE_SECURE = _env_bool("KIVOUCHER_SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
    SECURE_SSL_REDIRECT = _env_bool("KIVOUCHER_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("KIVOUCHER_HSTS_SECONDS", 31536000))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("KIVOUCHER_LOG_LEVEL", "WARNING")},
}

# --- Programme ------------------------------------------------------------
KIVOUCHER_TOKEN_PREFIX = "kv_"  # noqa: S105 - a public prefix, not a secret
# The programme's own account that SEPA payouts are paid from (pain.001 debtor).
KIVOUCHER_SEPA_DEBTOR_NAME = os.environ.get(
    "KIVOUCHER_SEPA_DEBTOR_NAME", "Projekttraeger KI-Voucher"
)
KIVOUCHER_SEPA_DEBTOR_IBAN = os.environ.get("KIVOUCHER_SEPA_DEBTOR_IBAN", "DE02100500000054540402")
KIVOUCHER_SEPA_DEBTOR_BIC = os.environ.get("KIVOUCHER_SEPA_DEBTOR_BIC", "BELADEBEXXX")
