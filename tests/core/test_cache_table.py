"""`arraigo migrate` creates the database cache's table when the settings use one
(production without REDIS_URL), so an install or an upgrade is `arraigo migrate` alone."""

import io

import pytest
from django.core.management import call_command
from django.db import connection

pytestmark = pytest.mark.django_db

DATABASE_CACHE = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "arraigo_test_cache",
    }
}


def test_migrate_creates_the_cache_table(settings):
    settings.CACHES = DATABASE_CACHE
    assert "arraigo_test_cache" not in connection.introspection.table_names()

    call_command("migrate", verbosity=0, interactive=False, stdout=io.StringIO())

    assert "arraigo_test_cache" in connection.introspection.table_names()


def test_no_table_without_a_database_cache(settings):
    call_command("migrate", verbosity=0, interactive=False, stdout=io.StringIO())

    assert "arraigo_test_cache" not in connection.introspection.table_names()
