"""One settings module, configured by environment variables (DESIGN §6).

Development defaults are safe to run locally; production sets
KIVOUCHER_SECRET_KEY, KIVOUCHER_ALLOWED_HOSTS and DATABASE_URL, and leaves
KIVOUCHER_DEBUG off.
"""

import ipaddress
import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
WORK_DIR = Path(os.environ.get("KIVOUCHER_DATA_DIR", Path.cwd()))


def _env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


DEBUG = _env_bool("KIVOUCHER_DEBUG", False)
_DEV_SECRET = "dev-only-insecure-key-change-me-in-production"  # noqa: S105
SECRET_KEY = os.environ.get("KIVOUCHER_SECRET_KEY", "").strip()
if not DEBUG and SECRET_KEY in ("", _DEV_SECRET):
    # The development key is public: sessions, password-reset links and CSRF tokens
    # signed with it could be forged. Production refuses to start without its own.
    raise ImproperlyConfigured(
        "KIVOUCHER_SECRET_KEY is not set: production mode needs a secret key of its own "
        '(e.g. python -c "import secrets; print(secrets.token_urlsafe(50))"). '
        "For development, set KIVOUCHER_DEBUG=1."
    )
SECRET_KEY = SECRET_KEY or _DEV_SECRET
ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("KIVOUCHER_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")
    if h.strip()
]
# The address people reach the platform at, for links in mails and the QR codes on
# certificates (kivoucher.core.site). Production must set it (deploy check
# kivoucher.E001); in development links use the address of the request.
SITE_URL = os.environ.get("KIVOUCHER_SITE_URL", "").strip()

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
    # ninja as an app: /api/docs serves Swagger UI from our static files instead of
    # a CDN (no third-party requests, and the CSP needs no exception).
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "kivoucher.core",
    "kivoucher.ledger",
    "kivoucher.einvoices",
    "kivoucher.organizations",
    "kivoucher.webhooks",
    "kivoucher.programmes",
    "kivoucher.providers",
    "kivoucher.applications",
    "kivoucher.projects",
    "kivoucher.compute",
    "kivoucher.presale",
    "kivoucher.payments",
    "kivoucher.recovery",
    "kivoucher.invoicing",
    "kivoucher.reporting",
    "kivoucher.feedback",
    "kivoucher.publicpages",
    # Before allauth: its templates are overridden by ours (the platform's look).
    "kivoucher.accounts",
    # django-allauth after our apps: where a msgid is translated both by allauth and
    # by us, ours wins (the platform addresses people formally, "Sie").
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "kivoucher.core.security.SecurityHeadersMiddleware",
    # Before anything reads the body: too large requests are refused unread.
    "kivoucher.core.request_limits.RequestSizeLimitMiddleware",
    "kivoucher.core.security.RejectNulBytesMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Development: links built during the request use its address (core/site.py).
    "kivoucher.core.site.SiteURLMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "kivoucher.core.security.NoStoreWhenSignedInMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "kivoucher.core.twofactor.StaffTwoFactorMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Self-registered people see nothing beyond the start page before they have
    # confirmed their e-mail address (kivoucher.accounts.gate).
    "kivoucher.accounts.gate.EmailVerificationGateMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "kivoucher.core.web.DomainErrorMiddleware",
    # Last, as django-axes asks: it turns a lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
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
    # Django's backend plus `PRAGMA optimize` on close (planner statistics).
    DATABASES["default"]["ENGINE"] = "kivoucher.core.sqlite"
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
        ),
    }
    # ":memory:" said explicitly: tools that recognise SQLite by Django's engine name
    # (pytest-django's per-worker suffix) would otherwise derive a file name.
    DATABASES["default"]["TEST"] = {
        "NAME": os.environ.get("KIVOUCHER_SQLITE_TEST_NAME") or ":memory:"
    }
else:
    DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("KIVOUCHER_CONN_MAX_AGE", "60"))
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # psycopg prepares statements only where asked (kivoucher.core.rows.prepared_cursor):
    # Django's own cursors bind parameters on the client, and those are never prepared.
    # Django's default (None) would switch preparing off altogether.
    DATABASES["default"].setdefault("OPTIONS", {})["prepare_threshold"] = 5
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
AUTHENTICATION_BACKENDS = [
    # Login throttling and lockout (django-axes), then the password check.
    "kivoucher.core.security.ThrottledLoginBackend",
    # Django's password check by user name or e-mail address (django-allauth).
    "allauth.account.auth_backends.AuthenticationBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "index"

# Self-service accounts (django-allauth, kivoucher.accounts): sign-up with e-mail and
# password, mandatory e-mail verification, password reset by an expiring link, change
# of password and e-mail (the new address verified before it counts). Sign-in by user
# name or e-mail address stays Django's view at /accounts/login/ (django-axes
# throttles it, staff continue to the TOTP step).
ACCOUNT_ADAPTER = "kivoucher.accounts.adapter.AccountAdapter"
SOCIALACCOUNT_ADAPTER = "kivoucher.accounts.directory.DirectoryAccountAdapter"
ACCOUNT_LOGIN_METHODS = {"username", "email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True
# The old address is told of an e-mail change, the person of a password change.
ACCOUNT_EMAIL_NOTIFICATIONS = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[KI-Voucher] "
ACCOUNT_SIGNUP_REDIRECT_URL = "home"
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS = int(os.environ.get("KIVOUCHER_EMAIL_CONFIRMATION_DAYS", 3))
# A password-reset link works this long (and once: it dies with the password change).
PASSWORD_RESET_TIMEOUT = int(os.environ.get("KIVOUCHER_PASSWORD_RESET_SECONDS", 2 * 60 * 60))
# Per client address (ip), per e-mail address (key) and per person (user): no mail
# bombing, no brute force. The counters live in Django's cache (per server process
# unless a shared CACHES backend is configured).
ACCOUNT_RATE_LIMITS = {
    "signup": "10/m/ip,30/h/ip",
    "reset_password": "5/m/ip,30/h/ip,3/h/key",
    "reset_password_from_key": "20/m/ip",
    "confirm_email": "1/3m/key,5/h/key",
    "manage_email": "5/m/user,20/h/user",
    "change_password": "5/m/user",
    "reauthenticate": "10/m/user",
    "login_failed": "10/m/ip,5/5m/key",
}
# Staff single sign-on with OpenID Connect (kivoucher.accounts.directory): on when
# KIVOUCHER_OIDC_ISSUER is set. The staff role comes from the claim
# KIVOUCHER_OIDC_ROLE_CLAIM, whose values are mapped to our staff roles by
# KIVOUCHER_OIDC_ROLE_MAP ("directory value=role,..."; default: the role names
# themselves). People without a mapped staff role are refused.
KIVOUCHER_OIDC_ISSUER = os.environ.get("KIVOUCHER_OIDC_ISSUER", "").strip().rstrip("/")
KIVOUCHER_OIDC_CLIENT_ID = os.environ.get("KIVOUCHER_OIDC_CLIENT_ID", "").strip()
KIVOUCHER_OIDC_CLIENT_SECRET = os.environ.get("KIVOUCHER_OIDC_CLIENT_SECRET", "").strip()
KIVOUCHER_OIDC_NAME = os.environ.get("KIVOUCHER_OIDC_NAME", "").strip()
KIVOUCHER_OIDC_ROLE_CLAIM = os.environ.get("KIVOUCHER_OIDC_ROLE_CLAIM", "roles").strip()
KIVOUCHER_OIDC_ROLE_MAP = os.environ.get(
    "KIVOUCHER_OIDC_ROLE_MAP",
    "caseworker=caseworker,approver=approver,programme_admin=programme_admin,auditor=auditor",
)
SOCIALACCOUNT_EMAIL_VERIFICATION = "none"
SOCIALACCOUNT_AUTO_SIGNUP = True
SOCIALACCOUNT_LOGIN_ON_GET = False
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_OPENID_CONNECT_URL_PREFIX = "oidc"
# The one OpenID Connect client is built from the KIVOUCHER_OIDC_* settings by
# kivoucher.accounts.directory (PKCE on, the ID token's signature always checked).
SOCIALACCOUNT_PROVIDERS = {"openid_connect": {"OAUTH_PKCE_ENABLED": True}}

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
# Request sizes (core/request_limits.py): refused with 413 as soon as a limit is
# passed, before the rest is read. One file; all of a request with files; a request
# without files (JSON: 10,000 usage records are about 2 MB). The proxy's
# client_max_body_size should be at least KIVOUCHER_MAX_REQUEST_BYTES.
_MB = 1024 * 1024
KIVOUCHER_MAX_UPLOAD_BYTES = int(os.environ.get("KIVOUCHER_MAX_UPLOAD_BYTES", 10 * _MB))
KIVOUCHER_MAX_REQUEST_BYTES = int(
    os.environ.get("KIVOUCHER_MAX_REQUEST_BYTES", max(25 * _MB, KIVOUCHER_MAX_UPLOAD_BYTES + _MB))
)
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * _MB
# Uploaded files up to this size stay in memory, larger ones go to a temporary file.
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * _MB
FILE_UPLOAD_HANDLERS = [
    "kivoucher.core.request_limits.SizeLimitedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

# --- Background work and mail ---------------------------------------------
# Tasks (mails, daily jobs, long runs) are stored in the database and run by
# `kivoucher worker` (kivoucher.core.worker); KIVOUCHER_TASKS_BACKEND=
# django_tasks.backends.immediate.ImmediateBackend runs them in the request instead.
TASKS = {
    "default": {
        "BACKEND": os.environ.get("KIVOUCHER_TASKS_BACKEND", "django_tasks_db.DatabaseBackend")
    }
}
# The worker's scheduler (kivoucher.core.schedule): these commands run once a day
# after KIVOUCHER_DAILY_JOBS_AT (local time, HH:MM).
DAILY_COMMANDS = ["expire_vouchers", "verify_gaiax", "anonymise_personal_data"]
DAILY_JOBS_AT = os.environ.get("KIVOUCHER_DAILY_JOBS_AT", "02:00")
# A worker renews its heartbeat this often; a task left running under a worker
# silent for WORKER_STALE_SECONDS is put back in the queue (killed worker).
WORKER_HEARTBEAT_SECONDS = float(os.environ.get("KIVOUCHER_WORKER_HEARTBEAT_SECONDS", "10"))
WORKER_STALE_SECONDS = float(os.environ.get("KIVOUCHER_WORKER_STALE_SECONDS", "60"))
# Webhooks (kivoucher.webhooks): only https URLs of public addresses, unless
# KIVOUCHER_WEBHOOK_ALLOW_PRIVATE=1 (tests, closed networks: private addresses and http).
KIVOUCHER_WEBHOOK_ALLOW_PRIVATE = _env_bool("KIVOUCHER_WEBHOOK_ALLOW_PRIVATE", False)
KIVOUCHER_WEBHOOK_TIMEOUT = float(os.environ.get("KIVOUCHER_WEBHOOK_TIMEOUT", "5"))

# Mail by SMTP when KIVOUCHER_EMAIL_HOST is set, printed to the console otherwise
# (development); KIVOUCHER_EMAIL_BACKEND names any other Django mail backend.
EMAIL_HOST = os.environ.get("KIVOUCHER_EMAIL_HOST", "").strip()
EMAIL_PORT = int(os.environ.get("KIVOUCHER_EMAIL_PORT", "587" if EMAIL_HOST else "25"))
EMAIL_HOST_USER = os.environ.get("KIVOUCHER_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("KIVOUCHER_EMAIL_PASSWORD", "")
# "1": STARTTLS (port 587); "ssl": implicit TLS (port 465); "0": plain (a local relay).
_email_tls = os.environ.get("KIVOUCHER_EMAIL_TLS", "1" if EMAIL_HOST else "0").strip().lower()
EMAIL_USE_SSL = _email_tls == "ssl"
EMAIL_USE_TLS = _email_tls in {"1", "true", "yes", "on", "starttls"}
EMAIL_TIMEOUT = int(os.environ.get("KIVOUCHER_EMAIL_TIMEOUT", "30"))
EMAIL_BACKEND = os.environ.get("KIVOUCHER_EMAIL_BACKEND") or (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = os.environ.get("KIVOUCHER_FROM_EMAIL", "ki-voucher@example.org")

# --- Security ---------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True  # htmx sends the token from the page (base.html hx-headers)
SESSION_COOKIE_AGE = int(os.environ.get("KIVOUCHER_SESSION_SECONDS", 8 * 60 * 60))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
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

# Content-Security-Policy (django-csp 3.x): scripts and styles only from our own
# static files, no inline scripts; inline style attributes are allowed for
# progress bars and charts (no <style> elements). Swagger UI at /api/docs needs
# data: images.
CSP_DEFAULT_SRC = ("'self'",)
CSP_SCRIPT_SRC = ("'self'",)
CSP_STYLE_SRC = ("'self'",)
CSP_STYLE_SRC_ATTR = ("'unsafe-inline'",)
CSP_IMG_SRC = ("'self'", "data:")
CSP_FONT_SRC = ("'self'",)
CSP_CONNECT_SRC = ("'self'",)
CSP_OBJECT_SRC = ("'none'",)
CSP_BASE_URI = ("'self'",)
CSP_FORM_ACTION = ("'self'",)
CSP_FRAME_ANCESTORS = ("'none'",)

# Staff TOTP seeds are never shown again after set-up, not even in the admin.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
OTP_TOTP_ISSUER = "KI-Voucher"

# Login throttling (django-axes): after 5 failed attempts for one user name from
# one address, that pair is locked for 15 minutes; a success resets the count.
AXES_FAILURE_LIMIT = int(os.environ.get("KIVOUCHER_LOGIN_FAILURE_LIMIT", 5))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("KIVOUCHER_LOGIN_COOLOFF_MINUTES", 15)))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
# Behind a reverse proxy every request comes from the proxy's address, which
# would throttle all clients together: list the proxies' addresses (or networks,
# comma-separated) and the client's address is read from X-Forwarded-For as the
# proxy wrote it. Without a list the header is ignored (it could be forged).
KIVOUCHER_TRUSTED_PROXIES = [
    p.strip() for p in os.environ.get("KIVOUCHER_TRUSTED_PROXIES", "").split(",") if p.strip()
]
for _proxy in KIVOUCHER_TRUSTED_PROXIES:
    try:
        ipaddress.ip_network(_proxy, strict=False)
    except ValueError as exc:
        raise ImproperlyConfigured(f"KIVOUCHER_TRUSTED_PROXIES: {exc}") from exc
AXES_CLIENT_IP_CALLABLE = "kivoucher.core.security.client_ip"

# Personal data (GDPR): people's names and e-mail addresses are anonymised this
# many days after their last activity (`kivoucher anonymise-personal-data`);
# financial and audit records stay.
KIVOUCHER_PERSONAL_DATA_RETENTION_DAYS = int(
    os.environ.get("KIVOUCHER_PERSONAL_DATA_RETENTION_DAYS", 10 * 365 + 3)
)
# django-axes' log of sign-ins (network address, browser, time) is deleted after this
# many days by the retention job (kivoucher.core.gdpr.sign_in_log_delete).
KIVOUCHER_SIGN_IN_LOG_DAYS = int(os.environ.get("KIVOUCHER_SIGN_IN_LOG_DAYS", 90))
# Report PDFs, import files and summaries, progress records of background work.
KIVOUCHER_TASK_RESULT_DAYS = int(os.environ.get("KIVOUCHER_TASK_RESULT_DAYS", 30))
# Accessibility feedback (kivoucher.feedback): the sender's name and e-mail address
# are anonymised this many days after the ticket's last change, by the same job.
KIVOUCHER_FEEDBACK_RETENTION_DAYS = int(
    os.environ.get("KIVOUCHER_FEEDBACK_RETENTION_DAYS", 2 * 365)
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("KIVOUCHER_LOG_LEVEL", "WARNING")},
}

# --- Programme ------------------------------------------------------------
KIVOUCHER_TOKEN_PREFIX = "kv_"  # noqa: S105 - a public prefix, not a secret
# API tokens expire after this many days (the default and the longest lifetime).
KIVOUCHER_API_TOKEN_DAYS = int(os.environ.get("KIVOUCHER_API_TOKEN_DAYS", 365))
# An invitation to join an organisation works this many days (and once).
KIVOUCHER_INVITATION_DAYS = int(os.environ.get("KIVOUCHER_INVITATION_DAYS", 7))
# The programme's own account that SEPA payouts are paid from (pain.001 debtor).
KIVOUCHER_SEPA_DEBTOR_NAME = os.environ.get(
    "KIVOUCHER_SEPA_DEBTOR_NAME", "Projekttraeger KI-Voucher"
)
KIVOUCHER_SEPA_DEBTOR_IBAN = os.environ.get("KIVOUCHER_SEPA_DEBTOR_IBAN", "DE02100500000054540402")
KIVOUCHER_SEPA_DEBTOR_BIC = os.environ.get("KIVOUCHER_SEPA_DEBTOR_BIC", "BELADEBEXXX")
# The granting authority named in the de-minimis register export and on recovery
# letters (kivoucher.programmes.deminimis_export, kivoucher.recovery.documents).
KIVOUCHER_GRANTING_AUTHORITY = os.environ.get(
    "KIVOUCHER_GRANTING_AUTHORITY", "Projektträger KI-Voucher"
)
# Invoices the platform issues (kivoucher.invoicing): VAT rate in percent of pre-sold
# hours and of data centres' compute (self-billing invoices); both prices include it
# (a statement's total is what the vouchers were charged, VAT included).
KIVOUCHER_PRESALE_VAT_RATE = os.environ.get("KIVOUCHER_PRESALE_VAT_RATE", "19")
KIVOUCHER_COMPUTE_VAT_RATE = os.environ.get("KIVOUCHER_COMPUTE_VAT_RATE", "19")
