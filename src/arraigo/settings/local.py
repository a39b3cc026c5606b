"""The demo and development: embedded SQLite under var/.

Debug is off unless DEBUG=true is set: the demo shows the site's own error pages, not
Django's debug page (which lists every URL pattern and setting). Static files still come
straight from the source tree through WhiteNoise's finders, with or without debug.
"""

import os

from .base import *  # noqa: F403
from .base import INSTALLED_APPS, env_bool

INSTALLED_APPS = [*INSTALLED_APPS, "arraigo.demo"]  # `arraigo seed`; not in production

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY") or "arraigo-local-only-not-a-secret"

WHITENOISE_USE_FINDERS = True
STATIC_ROOT = None  # type: ignore[assignment]  # static files come straight from the source tree (no collectstatic)
# The code page shows the current code to the demo accounts the seed enrolled, so that the
# demo needs no authenticator app (README: "Second factor in the demo").
ARRAIGO_SECOND_FACTOR_DEMO_HINT = True
