"""Turnover and retention of placements, computed the standard way on plain rows.

Monthly turnover = separations in the month / average headcount, where the average headcount
is (headcount on the first day + headcount on the last day of the month) / 2. A person counts
on a day when they had started and had not yet left: started_on <= day <= separated_on (the
last day worked).

Retention at N months: among placements that started at least N months before the reference
date, the share still employed N months after their start (not separated before that day).

No Django here: selectors feed these functions with `Spell` rows, tests with hand-made ones.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Spell:
    """One placement's time in work: from its start to its last day (None while open)."""

    group: str  # the employer or sector it is counted under
    started_on: dt.date
    separated_on: dt.date | None = None


@dataclass(frozen=True)
class MonthTurnover:
    month: str  # YYYY-MM
    headcount_start: int
    headcount_end: int
    separations: int

    @property
    def average_headcount(self) -> float:
        return (self.headcount_start + self.headcount_end) / 2

    @property
    def rate(self) -> float | None:
        """Separations over the average headcount; None when nobody was employed."""
        if self.average_headcount == 0:
            return None
        return self.separations / self.average_headcount


@dataclass(frozen=True)
class Retention:
    months: int
    cohort: int  # placements old enough to be counted
    retained: int

    @property
    def rate(self) -> float | None:
        return self.retained / self.cohort if self.cohort else None


def month_bounds(month: str) -> tuple[dt.date, dt.date]:
    year, number = (int(part) for part in month.split("-"))
    return dt.date(year, number, 1), dt.date(year, number, calendar.monthrange(year, number)[1])


def months_back(last: str, count: int) -> list[str]:
    """`count` months ending with `last`, oldest first."""
    year, number = (int(part) for part in last.split("-"))
    out = []
    for _ in range(count):
        out.append(f"{year:04d}-{number:02d}")
        year, number = (year, number - 1) if number > 1 else (year - 1, 12)
    return out[::-1]


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later (the month's last day when it has fewer days)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def employed_on(spell: Spell, day: dt.date) -> bool:
    return spell.started_on <= day and (spell.separated_on is None or day <= spell.separated_on)


def month_turnover(spells: Iterable[Spell], month: str) -> MonthTurnover:
    first, last = month_bounds(month)
    start = end = separations = 0
    for spell in spells:
        start += employed_on(spell, first)
        end += employed_on(spell, last)
        if spell.separated_on is not None and first <= spell.separated_on <= last:
            separations += 1
    return MonthTurnover(month, start, end, separations)


def turnover_by_group(
    spells: Sequence[Spell], months: Sequence[str]
) -> tuple[list[MonthTurnover], dict[str, list[MonthTurnover]]]:
    """Every spell together, then each group, for each month."""
    groups: dict[str, list[Spell]] = {}
    for spell in spells:
        groups.setdefault(spell.group, []).append(spell)
    overall = [month_turnover(spells, m) for m in months]
    return overall, {g: [month_turnover(rows, m) for m in months] for g, rows in groups.items()}


def retention(spells: Iterable[Spell], months: int, today: dt.date) -> Retention:
    cohort = retained = 0
    for spell in spells:
        mark = add_months(spell.started_on, months)
        if mark > today:
            continue
        cohort += 1
        retained += spell.separated_on is None or spell.separated_on >= mark
    return Retention(months, cohort, retained)
