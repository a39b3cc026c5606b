"""Finding people by name regardless of accents and case, on SQLite and PostgreSQL alike.

"jose nunez" finds "José Núñez" and "JOSÉ NÚÑEZ": names and the words searched are folded
the same way (fold_text in Python, Folded in SQL) and every word must occur in one person's
"first names last names".

Cost: folding runs on every candidate row. On SQLite it is a Python function, so a plain
LIKE prefilter (each foldable letter a wildcard: "jose" -> "j_s_") goes first and lets the
fold run only on the few rows that could match. A folded, indexed name column kept by the
services would make this cheaper still.
"""

from __future__ import annotations

from typing import Any

from django.db.models import CharField, F, Func, Lookup, QuerySet, Value
from django.db.models.functions import Concat, Lower

from .models import Person

# Accented letters folded to their base letter, in both cases.
_ACCENTED = "áàâäãåéèêëíìîïóòôöõúùûüñçýÿ"
_PLAIN = "aaaaaaeeeeiiiiooooouuuuncyy"
_FOLD_TABLE = str.maketrans(_ACCENTED + _ACCENTED.upper(), _PLAIN + _PLAIN.upper())
# Letters that an accented letter folds to: in a prefilter pattern they match any letter.
_FOLD_TARGETS = frozenset(_PLAIN)


def fold_text(text: str) -> str:
    """Accents off the letters in _ACCENTED, then lower case: what Folded computes in SQL."""
    return text.translate(_FOLD_TABLE).lower()


def _fold_or_none(text: str | None) -> str | None:
    return None if text is None else fold_text(text)


class Folded(Func):
    """fold_text in SQL. PostgreSQL: LOWER(TRANSLATE(...)), one call. SQLite cannot nest
    enough REPLACE calls for every letter (its parser stack overflows), so there fold_text
    itself is registered as a deterministic SQL function on the connection."""

    arity = 1
    output_field = CharField()

    def as_sql(self, compiler: Any, connection: Any, **extra: Any) -> Any:  # type: ignore[override]
        translated = Func(
            *self.source_expressions,
            Value(_ACCENTED + _ACCENTED.upper()),
            Value(_PLAIN + _PLAIN.upper()),
            function="TRANSLATE",
            output_field=CharField(),
        )
        return compiler.compile(Lower(translated))

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        connection.ensure_connection()
        connection.connection.create_function("arraigo_fold", 1, _fold_or_none, deterministic=True)
        return super().as_sql(compiler, connection, function="arraigo_fold", **extra)


class LikeAnyCase(Lookup):
    """`lhs LIKE pattern` ignoring case (ILIKE on PostgreSQL); `_` and `%` are wildcards and
    a backslash escapes them."""

    lookup_name = "arraigo_like_any_case"

    def as_sql(self, compiler: Any, connection: Any) -> Any:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        operator = "ILIKE" if connection.vendor == "postgresql" else "LIKE"
        return f"{lhs} {operator} {rhs} ESCAPE '\\'", [*lhs_params, *rhs_params]


def prefilter_pattern(folded_word: str) -> str:
    """A LIKE pattern every name containing `folded_word` once folded must match.

    Folding maps one letter to one letter, so a letter that some accented letter folds to,
    or any non-ASCII letter, becomes `_`; the others stay, escaped.
    """
    parts = []
    for char in folded_word:
        if char in _FOLD_TARGETS or not char.isascii():
            parts.append("_")
        elif char in "%_\\":
            parts.append("\\" + char)
        else:
            parts.append(char)
    return "%" + "".join(parts) + "%"


def people_named(people: QuerySet[Person], words: str) -> QuerySet[Person]:
    """The people whose "first names last names" contains every word, accents and case aside."""
    people = people.annotate(full_name_raw=Concat("first_names", Value(" "), "last_names"))
    folded_words = [word for word in fold_text(words).split() if word]
    # Cheap conditions first: SQLite evaluates them in order and skips the fold on a miss.
    for word in folded_words:
        people = people.filter(LikeAnyCase(F("full_name_raw"), prefilter_pattern(word)))
    people = people.annotate(full_name_folded=Folded(F("full_name_raw")))
    for word in folded_words:
        people = people.filter(full_name_folded__contains=word)
    return people
