"""Date arithmetic the monitoring aggregates ask of the database, for SQLite and PostgreSQL.

Django's own Extract and Trunc run as Python callbacks on SQLite, once per row: over a year
of answers that costs more than the rest of the report. These compile to each database's
built-in functions instead. SQLite stores a date as text YYYY-MM-DD.
"""

from __future__ import annotations

import re
from typing import Any, ClassVar

from django.db import NotSupportedError
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import CharField, Func, IntegerField
from django.db.models.sql.compiler import SQLCompiler

ARGUMENT = re.compile(r"\{(\d)\}")


class _DateSql(Func):
    """A function written once per database: {0}, {1} are the arguments, in order."""

    sqlite: ClassVar[str]
    postgresql: ClassVar[str]

    def as_sql(self, compiler: Any, connection: Any, *args: Any, **extra: Any) -> Any:
        raise NotSupportedError(f"{type(self).__name__} needs SQLite or PostgreSQL.")

    def as_sqlite(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra: Any
    ) -> tuple[str, list[Any]]:
        return self._written(compiler, self.sqlite)

    def as_postgresql(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra: Any
    ) -> tuple[str, list[Any]]:
        return self._written(compiler, self.postgresql)

    def _written(self, compiler: SQLCompiler, template: str) -> tuple[str, list[Any]]:
        compiled = [compiler.compile(e) for e in self.get_source_expressions()]
        params: list[Any] = []
        for match in ARGUMENT.finditer(template):
            params += list(compiled[int(match.group(1))][1])
        sql = ARGUMENT.sub(lambda m: compiled[int(m.group(1))][0], template)
        return sql, params


class FullYears(_DateSql):
    """Full years from the first date to the second (an age: a birthday not yet reached that
    year does not count), as monitoring.member_rules.full_years."""

    arity = 2
    output_field = IntegerField()
    sqlite = (
        "(CAST(substr({1}, 1, 4) AS INTEGER) - CAST(substr({0}, 1, 4) AS INTEGER)"
        " - (substr({1}, 6, 5) < substr({0}, 6, 5)))"
    )
    # age()'s years are the full years; it costs a third of comparing to_char texts
    postgresql = "CAST(date_part('year', age({1}, {0})) AS INTEGER)"


class DaysBetween(_DateSql):
    """Days from the first date to the second."""

    arity = 2
    output_field = IntegerField()
    sqlite = "CAST(julianday({1}) - julianday({0}) AS INTEGER)"
    postgresql = "({1} - {0})"


class Quarter(_DateSql):
    """The date's quarter as the report names cohorts: 2026-T1."""

    arity = 1
    output_field = CharField()
    sqlite = "(substr({0}, 1, 4) || '-T' || ((CAST(substr({0}, 6, 2) AS INTEGER) + 2) / 3))"
    postgresql = "(to_char({0}, 'YYYY') || '-T' || to_char({0}, 'Q'))"
