"""Finding people by name and households by case code, through an index on both databases.

"jose nunez" finds "José Núñez" and "JOSÉ NÚÑEZ": every word searched, folded
(folding.fold_text), must occur in the person's stored folded name (`Person.name_folded`,
"first names last names", kept by the model when a name is saved); a case code is found from
any part of it ("28757" finds TAP-2026-28757).

Both are substring searches, which a plain index cannot answer. On PostgreSQL, trigram
indexes (pg_trgm; migrations registry 0015 and 0017) serve the `LIKE '%word%'` the ORM
writes. On SQLite, FTS5 tables with the trigram tokenizer (migration 0017, kept by triggers)
give the rows that contain each word of three letters or more; the exact comparison then runs
on those rows only. An SQLite without that tokenizer (before 3.34) has no such table, and the
columns are read whole, as before.
"""

from __future__ import annotations

from django.db import connections
from django.db.models import Q, QuerySet
from django.db.models.expressions import RawSQL

from .folding import fold_text
from .models import Household, Person

__all__ = ["codes_containing", "fold_text", "people_named"]

NAMES_INDEX = ("registry_person_name_fts", "name_folded")
CODES_INDEX = ("registry_household_code_fts", "code")
TRIGRAM = 3  # the shortest text the trigram index can find

_present: set[tuple[str, str]] = set()  # (database, index) seen to exist


def _indexed(alias: str, table: str) -> bool:
    """Whether the SQLite database `alias` has the FTS5 table `table` (migration 0017)."""
    connection = connections[alias]
    if connection.vendor != "sqlite":
        return False
    key = (str(connection.settings_dict["NAME"]), table)
    if key in _present:
        return True
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = %s", [table])
        found = cursor.fetchone() is not None
    if found:
        _present.add(key)
    return found


def _phrase(text: str) -> str:
    """`text` as one FTS5 string: found wherever it occurs, nothing in it read as syntax."""
    return '"' + text.replace('"', '""') + '"'


def _matching(index: tuple[str, str], texts: list[str]) -> RawSQL:
    """The ids of the rows whose indexed column contains every one of `texts`."""
    table, _column = index
    query = " AND ".join(_phrase(text) for text in texts)
    # the table is one of the constants above, never input; the query is a parameter
    return RawSQL(f"SELECT rowid FROM {table} WHERE {table} MATCH %s", [query])  # noqa: S608, S611


def people_named(people: QuerySet[Person], words: str) -> QuerySet[Person]:
    """The people whose "first names last names" contains every word, accents and case aside."""
    folded = fold_text(words).split()
    long_words = [word for word in folded if len(word) >= TRIGRAM]
    if long_words and _indexed(people.db, NAMES_INDEX[0]):
        people = people.filter(pk__in=_matching(NAMES_INDEX, long_words))
    for word in folded:
        people = people.filter(name_folded__contains=word)
    return people


def codes_containing(households: QuerySet[Household], text: str) -> Q:
    """The condition "the case code contains `text`", case aside, through the index.

    The index folds the case of every letter, SQLite's LIKE only of A to Z: a text with other
    letters (a family name typed in the search box, "Casséus") is looked up in the index and
    then compared exactly, so it finds what LIKE finds without reading every code (a scan of
    100,000 codes, 5 ms, on every search by name)."""
    if len(text) >= TRIGRAM and _indexed(households.db, CODES_INDEX[0]):
        found = Q(pk__in=_matching(CODES_INDEX, [text]))
        return found if text.isascii() else found & Q(code__icontains=text)
    return Q(code__icontains=text)
