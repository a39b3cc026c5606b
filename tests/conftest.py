import pytest

from arraigo.accounts.roles import roles_sync


@pytest.fixture(autouse=True)
def _roles(db: None) -> None:
    """Every test starts with the role groups and their permissions in place."""
    roles_sync()
