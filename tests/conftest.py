import pytest
from django.conf import settings
from django.utils import translation

from arraigo.accounts.roles import roles_sync


@pytest.fixture(autouse=True)
def _roles(db: None) -> None:
    """Every test starts with the role groups and their permissions in place."""
    roles_sync()


@pytest.fixture(autouse=True)
def _english(request: pytest.FixtureRequest) -> object:
    """Tests assert the source texts (English); the product's default is Spanish.

    A test about Spanish says so: `translation.override("es")`, or a fresh `Client()`
    without the language cookie set here.
    """
    if "client" in request.fixturenames:
        request.getfixturevalue("client").cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield
