"""What the property-based tests share: hostile text, mutations of a valid row, a rollback of
each example, and a snapshot of every table's row count.

A test that runs many examples against the database runs each in `rolled_back()`: the example's
writes are undone before the next one, inside the test's own transaction (pytest-django's).
`table_counts()` counts the rows of every table, so "nothing was written" is checked against
the whole database, not the tables a test thought of.
"""

from __future__ import annotations

import contextlib
import csv
import io
from collections.abc import Iterator, Sequence

from django.db import connection, transaction
from hypothesis import strategies as st

# Characters that break naive code: NUL and other controls, zero-width and direction marks,
# right-to-left text, a lone surrogate's neighbours (astral), quotes and delimiters, digits
# that str.isdigit() accepts and int() does not.
NASTY_CHARS = (
    "\x00",
    "\x01",
    "\x1b",
    "\x7f",
    "\u200b",  # zero-width space
    "\u200d",  # zero-width joiner
    "\u202e",  # right-to-left override
    "\u2066",  # left-to-right isolate
    "\ufeff",  # a BOM inside the text
    "\u05d0",  # Hebrew alef
    "\u0627",  # Arabic alef
    "\u0663",  # Arabic-Indic digit three
    "\u00b2",  # superscript two: isdigit(), not int()
    "\u2460",  # circled one
    "\U0001f600",
    "ß",
    "İ",
    "\r",
    "\n",
    '"',
    "'",
    ",",
    ";",
    "\t",
    "%",
    "_",
    "\\",
)
NASTY_WORDS = (
    "",
    " ",
    "=cmd|' /C calc'!A0",
    "=1+1",
    "+52 55 1234 5678",
    "-1",
    "@SUM(A1)",
    "0",
    "-0",
    "1e309",
    "NaN",
    "Infinity",
    "sNaN",
    "9" * 30,
    "1" * 5000,
    "²",
    "٣",
    "2026-02-30",
    "0000-00-00",
    "9999-12-31",
    "31/12/9999",
    "1/1/1",
    "29/02/2025",
    "yes",
    "no",
    "SÍ",
    "null",
    "None",
    "true",
    "<script>alert(1)</script>",
    "'; DROP TABLE registry_person; --",
    "%_%",
    "a\x00b",
    "x" * 300,
)

nasty_text = st.one_of(
    st.sampled_from(NASTY_WORDS),
    st.text(alphabet=st.sampled_from(NASTY_CHARS), max_size=12),
    st.text(max_size=40),
    st.text(
        alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=30
    ),
)


def mutate_row(draw: st.DrawFn, row: dict[str, str], columns: Sequence[str]) -> dict[str, str]:
    """`row` with one to three of `columns` given a hostile value (or dropped)."""
    changed = dict(row)
    for name in draw(st.lists(st.sampled_from(list(columns)), min_size=1, max_size=3)):
        if draw(st.booleans()) and draw(st.integers(0, 4)) == 0:
            changed.pop(name, None)
        else:
            changed[name] = draw(nasty_text)
    return changed


def csv_of(header: Sequence[str], rows: Sequence[dict[str, str]], *, delimiter: str = ",") -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(header)
    for row in rows:
        writer.writerow([row.get(name, "") for name in header])
    return out.getvalue()


class _Rollback(Exception):
    pass


@contextlib.contextmanager
def rolled_back() -> Iterator[None]:
    """Run the block in a savepoint that is always rolled back (one hypothesis example)."""
    try:
        with transaction.atomic():
            yield
            raise _Rollback
    except _Rollback:
        pass


def table_counts() -> dict[str, int]:
    """The number of rows of every table of the database."""
    names = sorted(connection.introspection.table_names(include_views=False))
    with connection.cursor() as cursor:
        counts = {}
        for name in names:
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(name)}")  # noqa: S608
            counts[name] = cursor.fetchone()[0]
    return counts


def changed_tables(before: dict[str, int], after: dict[str, int]) -> dict[str, int]:
    """The tables whose row count changed, with the difference."""
    return {
        name: after.get(name, 0) - before.get(name, 0)
        for name in sorted(set(before) | set(after))
        if after.get(name, 0) != before.get(name, 0)
    }
