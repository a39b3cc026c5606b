"""Hints to the query planner, written as plain SQL that means the same on every database."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from django.db.models import BooleanField, CharField, F, Field, Func, IntegerField


class Unindexed(Func):
    """`column`, which SQLite's planner does not look up through an index (`unindexed`)."""

    template = "%(expressions)s"  # PostgreSQL: the column itself; its planner has statistics

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        if isinstance(self.output_field, CharField):
            # a text column: `column || ''` is the same text, unindexed
            return self.as_sql(compiler, connection, template="(%(expressions)s || '')", **extra)
        return self.as_sql(compiler, connection, template="+%(expressions)s", **extra)


def unindexed(column: str, output_field: Field[Any, Any] | None = None) -> Func:
    """`+column` on SQLite: the same value, which SQLite's planner does not look up through an
    index.

    Filtering a list that is read in an index's order by `column IN (...)` can draw SQLite to
    the index on `column`, then sort every match to return the first page; with the unary plus
    it walks the ordering index and stops at the page's last row (SQLite's documented way to
    disqualify an index). SQLite plans without statistics (nobody runs ANALYZE on the demo's
    file), so it needs the hint. PostgreSQL gets the plain column: it plans from its
    statistics, and `+column` there would only forbid an index it may rightly prefer (the
    plans of a city's few thousand steps, read by plan).
    """
    return Unindexed(F(column), output_field=output_field or IntegerField())


_CODE = re.compile(r"^[a-z_]+$")


def in_literals(column: str, values: Iterable[str], *, negate: bool = False) -> Func:
    """`column IN ('a', 'b')` with the values written into the SQL, not passed as parameters.

    SQLite uses a partial index (`... WHERE status IN ('pending', ...)`) only when the
    query's own condition names the same values when it is prepared; with parameters it
    cannot tell, and scans. The values are the code's own constants (lower-case codes, checked
    here), never input. `negate`: `NOT IN`, which no index can search, so a partial index
    over the rows it keeps is the one the planner can use whatever its statistics.
    """
    codes = list(values)
    if not codes or not all(_CODE.match(code) for code in codes):
        raise ValueError(f"in_literals takes lower-case codes only: {codes!r}")
    listed = ", ".join(f"'{code}'" for code in codes)
    operator = "NOT IN" if negate else "IN"
    return Func(
        F(column), template=f"%(expressions)s {operator} ({listed})", output_field=BooleanField()
    )
