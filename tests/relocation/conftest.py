import pytest

from .factories import RelocationWorld, relocation_world


@pytest.fixture
def rworld(db: None) -> RelocationWorld:
    return relocation_world()
