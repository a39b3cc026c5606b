"""The optimiser is plain Python: these tests need no database."""

import pytest


@pytest.fixture(autouse=True)
def _english() -> None:
    """Overrides the suite-wide language fixture (no Django here)."""
