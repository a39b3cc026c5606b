import pytest

from arraigo.background import kinds


@pytest.fixture(autouse=True)
def _kinds_as_registered():
    """A test that registers a kind of task leaves the registry as the apps made it."""
    saved = dict(kinds._kinds)
    yield
    kinds._kinds.clear()
    kinds._kinds.update(saved)
