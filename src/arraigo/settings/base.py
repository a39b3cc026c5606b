"""Settings shared by every environment. Values come from the environment only."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import dj_database_url
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = Path(os.environ.get("ARRAIGO_HOME", Path.cwd())).resolve()
VAR_DIR = BASE_DIR / "var"


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def postgresql_options() -> dict[str, str]:
    """Planner costs for the server's storage, set on each connection.

    PostgreSQL's default `random_page_cost` (4) prices a row read through an index as for a
    spinning disk, so a search that finds 1,135 households among 100,000 read them all
    (a sequential scan, 39 ms) rather than look the 1,135 up (14 ms). 1.1 is the usual value
    for SSDs and for data that fits in memory; set ARRAIGO_PG_RANDOM_PAGE_COST=4 on
    spinning disks, or to "" to keep the server's own setting."""
    cost = os.environ.get("ARRAIGO_PG_RANDOM_PAGE_COST", "1.1").strip()
    if not cost:
        return {}
    float(cost)  # a number, or the settings refuse to load (ValueError names it)
    return {"options": f"-c random_page_cost={cost}"}


def database_from_env(default_sqlite: Path) -> dict[str, object]:
    """PostgreSQL (or any backend) through DATABASE_URL; embedded SQLite in WAL mode otherwise."""
    url = os.environ.get("DATABASE_URL")
    if url:
        config: dict[str, object] = dict(dj_database_url.parse(url, conn_max_age=60))
        if "postgresql" in str(config.get("ENGINE", "")):
            given = config.get("OPTIONS")
            config["OPTIONS"] = {
                **postgresql_options(),
                **(given if isinstance(given, dict) else {}),
            }
        return config
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(default_sqlite),
        "OPTIONS": {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        },
    }


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])

# arraigo.demo (the demo data and its shared password) is added by the local and test
# settings only, never in production.
INSTALLED_APPS = [
    # Django's admin on a site that only active superusers verified by their second factor
    # may enter (accounts.admin_site)
    "arraigo.accounts.apps.SecondFactorAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_countries",
    "phonenumber_field",
    "auditlog",
    "django_tasks",
    "django_tasks_db",
    "axes",
    # the second factor: codes from an authenticator app (TOTP) and single-use recovery codes
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "arraigo.core",
    "arraigo.accounts",
    "arraigo.background",
    "arraigo.webhooks",
    "arraigo.codelists",
    "arraigo.places",
    "arraigo.jobs",
    "arraigo.registry",
    "arraigo.outcomes",
    "arraigo.matching",
    "arraigo.relocation",
    "arraigo.referrals",
    "arraigo.casework",
    "arraigo.casefile",
    "arraigo.attachments",
    "arraigo.feedback",
    "arraigo.monitoring",
    "arraigo.home",
    "arraigo.notifications",
    "arraigo.api",
    "ninja",  # the API's browsable docs from its own static files, not a CDN
    "arraigo.bulk",
    "arraigo.privacy",  # erasure requests, erasure records, retention (#15)
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "arraigo.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): whether this session passed the second factor
    "django_otp.middleware.OTPMiddleware",
    "arraigo.core.logs.RequestContextMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # signs out a session idle for longer than the programme allows (security.yaml)
    "arraigo.accounts.sessions.IdleSessionMiddleware",
    # a signed-in user who needs a second factor reaches nothing else until enrolled and
    # verified (accounts.second_factor)
    "arraigo.accounts.middleware.SecondFactorMiddleware",
    "arraigo.accounts.middleware.RefusalAuditMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    # Content-Security-Policy on every response (CONTENT_SECURITY_POLICY below)
    "csp.middleware.CSPMiddleware",
    # pages and API answers are not kept by browsers or proxies (static files are served
    # before this, by WhiteNoise)
    "arraigo.core.middleware.NoStoreMiddleware",
    # last, as django-axes asks: answers a locked account's sign-in with the lock's page
    "axes.middleware.AxesMiddleware",
]

# Scripts only from the site's own files: no inline script, no other origin (the templates
# hold none: tests/core/test_headers.py). Inline style attributes stay allowed (the charts'
# SVG), as do data: images (the API's browsable docs).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

ROOT_URLCONF = "arraigo.urls"
WSGI_APPLICATION = "arraigo.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "arraigo.accounts.context_processors.navigation",
            ],
            # Numbers, money and people written the reader's way, on every page.
            "builtins": [
                "arraigo.core.templatetags.display_tags",
                "arraigo.registry.templatetags.registry_display",
            ],
        },
    },
]

DATABASES = {"default": database_from_env(VAR_DIR / "arraigo.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
# django-axes first: it refuses a locked account or address before the password is checked
# (accounts.lockout: the programme's limits and lock length).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_HANDLER = "arraigo.accounts.lockout.ProgrammeLockout"
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_FAILURE_LIMIT = "arraigo.accounts.lockout.failure_limit"
AXES_COOLOFF_TIME = "arraigo.accounts.lockout.lock_length"
AXES_LOCKOUT_CALLABLE = "arraigo.accounts.lockout.locked_out_response"
AXES_CLIENT_IP_CALLABLE = "arraigo.core.addresses.client_address"
AXES_RESET_ON_SUCCESS = True
# Sign-ins are on the audit trail already (accounts.audit); axes keeps only the failures,
# and logs no usernames or addresses.
AXES_DISABLE_ACCESS_LOG = True
AXES_VERBOSE = False
# Locks are seen and lifted on the Sign-in locks page, through a service that audits it.
AXES_ENABLE_ADMIN = False
# The second factor (accounts.second_factor, docs/security.md): required of the roles in
# security.yaml's `second_factor` and of superusers, and of anyone who turned it on. Always on
# here and in production (`check --deploy` warns otherwise); the test settings turn it off so
# that tests may sign in with force_login, and the tests of the second factor turn it on.
ARRAIGO_SECOND_FACTOR_ENFORCED = True
# The demo shows the current code on the code page (demo accounts only, arraigo.demo):
# the local settings turn this on, never production.
ARRAIGO_SECOND_FACTOR_DEMO_HINT = False
OTP_TOTP_ISSUER = os.environ.get("ARRAIGO_OTP_ISSUER", "arraigo")
# The admin never shows keys or recovery codes.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home:dashboard"
LOGOUT_REDIRECT_URL = "accounts:login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# A password reset link works once, for this many seconds (3 days).
PASSWORD_RESET_TIMEOUT = 3 * 24 * 3600

LANGUAGE_CODE = "es"
LANGUAGES = [("es", _("Spanish")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "America/Mexico_City"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]


def attachments_storage_from_env(var_dir: Path) -> dict[str, Any]:
    """Where files on cases are kept (arraigo.attachments, docs/files.md): an S3-compatible
    bucket when ARRAIGO_ATTACHMENTS_S3_BUCKET is set (django-storages; no ACL is sent, so the
    objects are as private as the bucket; none is overwritten), else the folder
    ARRAIGO_ATTACHMENTS_DIR (default `var/attachments/`), outside the web root. Either way no
    URL serves them: only the download view does."""
    bucket = os.environ.get("ARRAIGO_ATTACHMENTS_S3_BUCKET", "").strip()
    if bucket:
        options: dict[str, Any] = {
            "bucket_name": bucket,
            "location": os.environ.get("ARRAIGO_ATTACHMENTS_S3_PREFIX", "attachments"),
            "file_overwrite": False,
            "querystring_auth": True,
        }
        for variable, option in (
            ("ARRAIGO_ATTACHMENTS_S3_ENDPOINT", "endpoint_url"),
            ("ARRAIGO_ATTACHMENTS_S3_REGION", "region_name"),
            ("ARRAIGO_ATTACHMENTS_S3_ACCESS_KEY", "access_key"),
            ("ARRAIGO_ATTACHMENTS_S3_SECRET_KEY", "secret_key"),
        ):
            if os.environ.get(variable):
                options[option] = os.environ[variable]
        return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}
    folder = Path(os.environ.get("ARRAIGO_ATTACHMENTS_DIR") or var_dir / "attachments")
    return {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(folder), "directory_permissions_mode": 0o700},
    }


STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "attachments": attachments_storage_from_env(VAR_DIR),
}
# Files on cases: the types allowed, read from the content (PDF from scanners and phones' scan
# apps, JPEG and PNG photos; see docs/files.md for why not HEIC or WebP), and the largest size.
ARRAIGO_ATTACHMENT_TYPES = ["application/pdf", "image/jpeg", "image/png"]
ARRAIGO_ATTACHMENT_MAX_MB = int(os.environ.get("ARRAIGO_ATTACHMENT_MAX_MB", "10"))

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

PHONENUMBER_DEFAULT_REGION = "MX"
PHONENUMBER_DEFAULT_FORMAT = "INTERNATIONAL"

AUDITLOG_INCLUDE_ALL_MODELS = False
AUDITLOG_DISABLE_REMOTE_ADDR = False

# Programme data that differs between countries lives in files, not code.
ARRAIGO_PROGRAMME_DIR = Path(
    os.environ.get("ARRAIGO_PROGRAMME_DIR", PACKAGE_DIR / "programme" / "mx_pil")
)
ARRAIGO_PAGE_SIZE = 25
# The dashboard's counts are kept this long per scope in the cache (0: counted every time).
ARRAIGO_FIGURES_CACHE_SECONDS = int(os.environ.get("ARRAIGO_FIGURES_CACHE_SECONDS", "300"))

# Background work (arraigo.background): the database queue, read by `arraigo worker`.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# A worker writes its heartbeat every BEAT seconds; one silent for STALE seconds is dead, and
# its task is requeued until it has been tried ATTEMPTS times, then marked failed.
ARRAIGO_WORKER_BEAT_SECONDS = float(os.environ.get("ARRAIGO_WORKER_BEAT_SECONDS", "5"))
ARRAIGO_WORKER_STALE_SECONDS = float(os.environ.get("ARRAIGO_WORKER_STALE_SECONDS", "30"))
ARRAIGO_TASK_ATTEMPTS = int(os.environ.get("ARRAIGO_TASK_ATTEMPTS", "2"))
# Email (arraigo.notifications, docs/notifications.md): printed on the console unless a mail
# server is configured with EMAIL_HOST (then sent by SMTP) or another EMAIL_BACKEND is named.
# Links in emails start with SITE_URL, the address people open the site at.
if os.environ.get("EMAIL_HOST"):
    EMAIL_HOST = os.environ["EMAIL_HOST"]
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
    EMAIL_TIMEOUT = 30  # seconds: a mail server that stops answering fails the job, not hangs it
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if os.environ.get("EMAIL_HOST")
    else "django.core.mail.backends.console.EmailBackend",
)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "arraigo <no-reply@localhost>")
ARRAIGO_SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")
# Name similarity (0-100) above which two people of the same birth date look like duplicates.
ARRAIGO_DUPLICATE_THRESHOLD = 85


def logging_config(log_format: str) -> dict[str, Any]:
    """Logs to the console, "plain" or "json" (one object per line, arraigo.core.logs);
    every line carries the request's id and the user's id."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request": {"()": "arraigo.core.logs.RequestContext"}},
        "formatters": {
            "plain": {
                "format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s %(user_id)s] "
                "%(message)s"
            },
            "json": {"()": "arraigo.core.logs.JsonFormatter"},
        },
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "formatter": "json" if log_format == "json" else "plain",
                "filters": ["request"],
            }
        },
        "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    }


# LOG_FORMAT: plain here, json in production (settings/production.py)
LOGGING = logging_config(os.environ.get("LOG_FORMAT", "plain"))

# Outgoing webhooks (docs/webhooks.md): the key sealing subscribers' secrets (32 bytes, URL-safe
# base64; derived from SECRET_KEY when empty), plain http allowed to loopback addresses (also
# with DEBUG), and the seconds a subscriber has to answer.
ARRAIGO_WEBHOOKS_KEY = os.environ.get("ARRAIGO_WEBHOOKS_KEY", "")
# Protection notes, abuse reports and identity document numbers are encrypted at rest
# (docs/security.md, "Encryption at rest"): Fernet keys, comma-separated, the first encrypting,
# and the HMAC key of the document numbers' lookup hashes. Empty: derived from SECRET_KEY
# (the demo and tests; production requires both, settings/production.py).
ARRAIGO_FIELD_KEYS = os.environ.get("ARRAIGO_FIELD_KEYS", "")
ARRAIGO_HASH_KEY = os.environ.get("ARRAIGO_HASH_KEY", "")
ARRAIGO_WEBHOOKS_ALLOW_LOOPBACK = env_bool("ARRAIGO_WEBHOOKS_ALLOW_LOOPBACK", False)
ARRAIGO_WEBHOOKS_TIMEOUT = 10
# KoboToolbox REST Services (docs/monitoring.md): the largest submission accepted, in bytes.
ARRAIGO_KOBO_HOOK_MAX_BYTES = 256 * 1024
# The REST API (arraigo.api, docs/api.md): requests allowed per token, "<count>/<s|min|hour|day>"
# (429 with Retry-After beyond), and the personal tokens' longest and default lifetimes in days.
ARRAIGO_API_RATE = os.environ.get("ARRAIGO_API_RATE", "120/min")
# The public feedback form (feedback.guard): posts per address and per session, and the
# fewest seconds between opening the form and sending it.
ARRAIGO_FEEDBACK_RATE_ADDRESS = os.environ.get("ARRAIGO_FEEDBACK_RATE_ADDRESS", "20/min")
ARRAIGO_FEEDBACK_RATE_SESSION = os.environ.get("ARRAIGO_FEEDBACK_RATE_SESSION", "10/min")
ARRAIGO_FEEDBACK_MIN_SECONDS = float(os.environ.get("ARRAIGO_FEEDBACK_MIN_SECONDS", "3"))
ARRAIGO_API_TOKEN_MAX_DAYS = 365
ARRAIGO_API_TOKEN_DEFAULT_DAYS = 90
