import pytest

from arraigo.matching import scoring

from .factories import World, world_build


@pytest.fixture(autouse=True)
def _fallback_prior(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests of the matching app score with the fallback prior (exact, stated values), whether
    or not the outcomes app is installed; test_scoring covers the real one."""
    monkeypatch.setattr(scoring, "_outcomes_api", lambda: None)


@pytest.fixture
def world(db: None) -> World:
    return world_build()
