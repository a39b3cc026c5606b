"""What the tests of the seed's bulk writing share: a person's columns and SQLite's checks."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection

PERSON = (
    "household_id",
    "member_no",
    "first_names",
    "last_names",
    "name_folded",
    "sex",
    "date_of_birth",
)
BORN = dt.date(1990, 5, 17)

sqlite_only = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's own machinery")


def foreign_keys_on() -> bool:
    with connection.cursor() as cursor:
        return bool(cursor.execute("PRAGMA foreign_keys").fetchone()[0])
