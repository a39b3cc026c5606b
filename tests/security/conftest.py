"""Hypothesis profiles for the property-based tests (test_properties_*.py).

"ci" (the default): derandomized, so every run tries the same examples and a failure in CI is
a failure on a laptop; no example database, no deadline (a first request warms caches).
"dev": random examples and the local example database, for looking for new failures
(`HYPOTHESIS_PROFILE=dev pytest tests/security`). Each test states its own max_examples.
"""

import os

from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci",
    derandomize=True,
    database=None,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
settings.register_profile(
    "dev",
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
