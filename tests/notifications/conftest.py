from collections.abc import Iterator
from typing import Any

import pytest

from .mailboxes import RefusingBackend
from .world import SITE, World, world_build


@pytest.fixture(autouse=True)
def _mail_settings(settings: Any) -> None:
    """Emails in English (the tests assert the source texts), linking to the test site."""
    settings.LANGUAGE_CODE = "en"
    settings.ARRAIGO_SITE_URL = SITE + "/"  # the trailing slash is dropped
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def world(db: None) -> World:
    return world_build()


@pytest.fixture
def refusing(settings: Any) -> Iterator[type[RefusingBackend]]:
    """Mail goes through RefusingBackend; `refusing.refuse(address)` makes it refuse one."""
    settings.EMAIL_BACKEND = "tests.notifications.mailboxes.RefusingBackend"
    yield RefusingBackend
    RefusingBackend.reset()
