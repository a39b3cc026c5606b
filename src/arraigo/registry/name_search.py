"""Finding people by name regardless of accents and case, on SQLite and PostgreSQL alike.

"jose nunez" finds "José Núñez" and "JOSÉ NÚÑEZ": every word searched, folded
(folding.fold_text), must occur in the person's stored folded name (`Person.name_folded`,
"first names last names", kept by the model when a name is saved). The database compares
plain text: on PostgreSQL a trigram index (pg_trgm, migration registry 0015) finds the rows
without reading the table; on SQLite the column is read, but no function runs per row.
"""

from __future__ import annotations

from django.db.models import QuerySet

from .folding import fold_text
from .models import Person

__all__ = ["fold_text", "people_named"]


def people_named(people: QuerySet[Person], words: str) -> QuerySet[Person]:
    """The people whose "first names last names" contains every word, accents and case aside."""
    for word in fold_text(words).split():
        people = people.filter(name_folded__contains=word)
    return people
