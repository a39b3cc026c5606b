from collections.abc import Iterator

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _limits_start_empty() -> Iterator[None]:
    """The public form's limits count in the cache: each test starts from none."""
    cache.clear()
    yield
    cache.clear()
