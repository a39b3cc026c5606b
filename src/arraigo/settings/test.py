"""The test suite: SQLite in memory unless DATABASE_URL points elsewhere."""

import os

from .base import *  # noqa: F403
from .base import INSTALLED_APPS, VAR_DIR, database_from_env

INSTALLED_APPS = [*INSTALLED_APPS, "arraigo.demo"]  # the demo is seeded by tests

DEBUG = False
SECRET_KEY = "arraigo-tests-only"  # noqa: S105
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
if not os.environ.get("DATABASE_URL"):
    DATABASES = {
        "default": {
            **database_from_env(VAR_DIR / "unused.sqlite3"),
            "NAME": ":memory:",
            "TEST": {"NAME": None},
        }
    }
    DATABASES["default"]["OPTIONS"] = {"transaction_mode": "IMMEDIATE"}
WHITENOISE_USE_FINDERS = True
ARRAIGO_TASKS_SYNC = True  # matching runs execute in the request, not a background thread
STATIC_ROOT = None  # type: ignore[assignment]  # static files come straight from the source tree (no collectstatic)
ARRAIGO_FIGURES_CACHE_SECONDS = 0  # every test counts afresh (tests/home turn it on)
# Tests sign in with force_login; the tests of the second factor (tests/accounts) turn it on
# with the `settings` fixture, as production has it (tests/core/test_production_settings.py).
ARRAIGO_SECOND_FACTOR_ENFORCED = False
