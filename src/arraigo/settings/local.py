"""The demo and development: embedded SQLite under var/, debug on unless told otherwise."""

import os

from .base import *  # noqa: F403
from .base import env_bool

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = os.environ.get("SECRET_KEY") or "arraigo-local-only-not-a-secret"

WHITENOISE_USE_FINDERS = True
STATIC_ROOT = None  # type: ignore[assignment]  # static files come straight from the source tree (no collectstatic)
