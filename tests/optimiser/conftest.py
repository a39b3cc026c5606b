"""The optimiser is plain Python: these tests need no database."""

import pytest


@pytest.fixture(autouse=True)
def _roles() -> None:
    """Overrides the suite-wide fixture that syncs role groups in the database."""


@pytest.fixture(autouse=True)
def _english() -> None:
    """Overrides the suite-wide language fixture (no Django here)."""
