"""Production: every secret from the environment; refuses to start without one."""

import os

from django.core.exceptions import ImproperlyConfigured

from arraigo.core.fieldkeys import keys_required

from .base import *  # noqa: F403
from .base import VAR_DIR, attachments_storage_from_env, env_bool, logging_config

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set in the environment for production.")
# The keys of the columns encrypted at rest: both set and well formed, or no start (never a
# key derived from SECRET_KEY here: docs/security.md, "Encryption at rest").
ARRAIGO_FIELD_KEYS, ARRAIGO_HASH_KEY = keys_required(os.environ)
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)

# HTTPS. The app serves plain HTTP behind a proxy that ends TLS (docs/operations.md) and
# tells it so with X-Forwarded-Proto; the proxy must set that header itself, never pass on
# a client's. Without a proxy (BEHIND_PROXY=false) the header is not trusted.
if env_bool("BEHIND_PROXY", True):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SSL_REDIRECT", True)
# Browsers keep to HTTPS for a year; the subdomains of the app's own host too. `preload`
# only allows a later submission to the browsers' list, it submits nothing.
SECURE_HSTS_SECONDS = int(os.environ.get("HSTS_SECONDS", str(365 * 24 * 3600)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("HSTS_PRELOAD", True)
# The health check answers the load balancer over plain HTTP on the private network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    # files on cases: an S3-compatible bucket with ARRAIGO_ATTACHMENTS_S3_BUCKET (docs/files.md)
    "attachments": attachments_storage_from_env(VAR_DIR),
}
# Shared by every web process and worker: sessions in the database (Django's default), the
# cache in Redis when REDIS_URL is set, in a database table otherwise (created by migrate).
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "arraigo_cache",
        }
    }
SESSION_ENGINE = "django.contrib.sessions.backends.db"

# One JSON object per log line unless LOG_FORMAT says otherwise (arraigo.core.logs).
LOGGING = logging_config(os.environ.get("LOG_FORMAT", "json"))
