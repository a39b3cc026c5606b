"""Reads behind the budget and ledger pages: positions, burn by month, and the filtered ledger.

Every read starts from `selectors.ledger_visible_to`, so a user who may not see the ledger sees
no money at all. Amounts are net: a correction (an opposite entry) lowers the total it corrects.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, F, OuterRef, QuerySet, Subquery, Sum
from django.db.models.functions import ExtractMonth, ExtractYear, TruncMonth
from django.utils import formats

from arraigo.accounts.models import User

from .models import BudgetLine, CostCategory, EntryKind, LedgerEntry
from .selectors import ledger_visible_to

ZERO = Decimal("0.00")
WARNING_SHARE = Decimal("90")  # % of a budget line committed above which the page warns


@dataclass(frozen=True)
class CategoryBudget:
    category: str
    label: str
    budget: Decimal | None  # None: no budget line that year
    note: str
    committed: Decimal
    spent: Decimal
    committed_by_month: tuple[Decimal, ...]  # net commitments booked in each month, Jan..Dec
    spent_by_month: tuple[Decimal, ...]
    # of the spending of each month, what pays commitments booked in an earlier month
    carried_by_month: tuple[Decimal, ...] = ()

    @property
    def remaining(self) -> Decimal | None:
        return None if self.budget is None else self.budget - self.committed

    @property
    def used_percent(self) -> Decimal | None:
        """Committed as a share of the budget, in percent with one decimal."""
        if self.budget is None:
            return None
        if self.budget == 0:
            return None if self.committed == 0 else Decimal("100.0")
        return (self.committed * 100 / self.budget).quantize(Decimal("0.1"))

    @property
    def warning(self) -> bool:
        """More than 90% of the budget line committed (exactly, not the rounded share)."""
        if self.budget is None:
            return False
        return self.committed * 100 > self.budget * WARNING_SHARE


@dataclass(frozen=True)
class PivotRow:
    """One month or one city of the budget tables: net amounts per cost category."""

    key: str  # YYYY-MM for a month row, the city's id for a city row
    label: str
    amounts: tuple[tuple[Decimal, Decimal], ...]  # (committed, spent) per category, in order
    carried: tuple[Decimal, ...] = ()  # month rows: spent on earlier months' commitments

    @property
    def cells(self) -> list[tuple[Decimal, Decimal, Decimal]]:
        """(committed, spent, of which committed earlier) per category."""
        carried = self.carried or (ZERO,) * len(self.amounts)
        return [(c, s, k) for (c, s), k in zip(self.amounts, carried, strict=True)]

    @property
    def carried_total(self) -> Decimal:
        return sum(self.carried, ZERO)

    @property
    def committed(self) -> Decimal:
        return sum((committed for committed, _spent in self.amounts), ZERO)

    @property
    def spent(self) -> Decimal:
        return sum((spent for _committed, spent in self.amounts), ZERO)


@dataclass(frozen=True)
class BudgetOverview:
    year: int
    through_month: int  # the burn series stop here (the current month of the current year)
    categories: list[CategoryBudget]
    booked: bool  # anything committed or spent in the year
    month: int | None  # the month the city table covers; None for the whole year
    month_rows: list[PivotRow]  # Jan..through_month
    city_rows: list[PivotRow]  # cities with an entry in the year (or the month), by name
    totals: dict[str, Decimal] = field(default_factory=dict)

    @property
    def warnings(self) -> list[CategoryBudget]:
        return [item for item in self.categories if item.warning]


def month_labels(year: int) -> list[str]:
    """Short month names in the active language ("Jan" ... "Dec")."""
    return [formats.date_format(dt.date(year, month, 1), "M") for month in range(1, 13)]


def budget_years(user: User, *, today: dt.date) -> list[int]:
    """Years worth choosing on the budget page: those with a line or an entry, and this one."""
    years = set(BudgetLine.objects.values_list("year", flat=True))
    entry_years = (
        ledger_visible_to(user)
        .annotate(year=ExtractYear("booked_on"))
        .values_list("year", flat=True)
        .distinct()
        .order_by()
    )
    years.update(entry_years)
    years.add(today.year)
    return sorted(years, reverse=True)


def _through_month(year: int, today: dt.date, latest_entry_month: int) -> int:
    if year < today.year:
        return 12
    current = today.month if year == today.year else 0
    return max(current, latest_entry_month)


def budget_overview(
    user: User, *, year: int, today: dt.date, month: int | None = None
) -> BudgetOverview:
    """Positions and burn of `year`, with a table by month and one by city (of `month` only,
    when given). Four queries: by month, carried over, by city, and the budget lines."""
    entries = ledger_visible_to(user).filter(booked_on__year=year)
    by_month: dict[tuple[str, str], list[Decimal]] = defaultdict(lambda: [ZERO] * 12)
    latest = 0
    monthly = (
        entries.annotate(month=ExtractMonth("booked_on"))
        .values_list("category", "kind", "month")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    for category, kind, number, total in monthly:
        by_month[(category, kind)][number - 1] += total
        latest = max(latest, number)
    carried = _carried_by_month(entries)
    lines = {line.category: line for line in BudgetLine.objects.filter(year=year)}
    categories = []
    for category, label in CostCategory.choices:
        line = lines.get(category)
        committed = by_month[(category, EntryKind.COMMITMENT)]
        spent = by_month[(category, EntryKind.EXPENDITURE)]
        categories.append(
            CategoryBudget(
                category=category,
                label=str(label),
                budget=None if line is None else line.amount,
                note="" if line is None else line.note,
                committed=sum(committed, ZERO),
                spent=sum(spent, ZERO),
                committed_by_month=tuple(committed),
                spent_by_month=tuple(spent),
                carried_by_month=tuple(carried[category]),
            )
        )
    totals = {
        "budget": sum((c.budget for c in categories if c.budget is not None), ZERO),
        "committed": sum((c.committed for c in categories), ZERO),
        "spent": sum((c.spent for c in categories), ZERO),
    }
    through_month = _through_month(year, today, latest)
    return BudgetOverview(
        year=year,
        through_month=through_month,
        categories=categories,
        booked=latest > 0,
        month=month,
        month_rows=_month_rows(categories, year, through_month),
        city_rows=_city_rows(entries if month is None else entries.filter(booked_on__month=month)),
        totals=totals,
    )


def _carried_by_month(entries: QuerySet[LedgerEntry]) -> dict[str, list[Decimal]]:
    """Per category and month, the spending of `entries` that pays a commitment booked before
    that month began (a ticket booked in March and paid in April, a grant approved in December
    and disbursed in January): a month can spend more than it commits without overspending.
    An expenditure and its commitment share the ledger `source`."""
    first_committed = (
        LedgerEntry.objects.filter(source=OuterRef("source"), kind=EntryKind.COMMITMENT)
        .order_by("booked_on")
        .values("booked_on")[:1]
    )
    rows = (
        entries.filter(kind=EntryKind.EXPENDITURE)
        .annotate(committed_on=Subquery(first_committed), month_start=TruncMonth("booked_on"))
        .filter(committed_on__lt=F("month_start"))
        .annotate(month=ExtractMonth("booked_on"))
        .values_list("category", "month")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    carried: dict[str, list[Decimal]] = defaultdict(lambda: [ZERO] * 12)
    for category, month, total in rows:
        carried[category][month - 1] += total
    return carried


def _month_rows(categories: list[CategoryBudget], year: int, through: int) -> list[PivotRow]:
    names = month_labels(year)
    return [
        PivotRow(
            key=f"{year}-{index + 1:02d}",
            label=names[index],
            amounts=tuple(
                (c.committed_by_month[index], c.spent_by_month[index]) for c in categories
            ),
            carried=tuple(c.carried_by_month[index] for c in categories),
        )
        for index in range(through)
    ]


def _city_rows(entries: QuerySet[LedgerEntry]) -> list[PivotRow]:
    grouped = (
        entries.values_list("city_id", "city__name", "category", "kind")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    names: dict[int, str] = {}
    cells: dict[tuple[int, str, str], Decimal] = defaultdict(lambda: ZERO)
    for city_id, city, category, kind, total in grouped:
        names[city_id] = city
        cells[(city_id, category, kind)] += total
    return [
        PivotRow(
            key=str(city_id),
            label=names[city_id],
            amounts=tuple(
                (
                    cells[(city_id, category, EntryKind.COMMITMENT)],
                    cells[(city_id, category, EntryKind.EXPENDITURE)],
                )
                for category in CostCategory.values
            ),
        )
        for city_id in sorted(names, key=lambda pk: names[pk].casefold())
    ]


def cumulative(values: tuple[Decimal, ...], through_month: int) -> list[Decimal | None]:
    """Running totals month by month; None after `through_month` (not yet happened)."""
    running = ZERO
    out: list[Decimal | None] = []
    for index, value in enumerate(values):
        running += value
        out.append(running if index < through_month else None)
    return out


# --- the ledger -------------------------------------------------------------------------------


def ledger_entries(user: User, filters: dict[str, Any]) -> QuerySet[LedgerEntry]:
    """The ledger the user may see, narrowed by the valid filters of `LedgerFilterForm`."""
    qs = ledger_visible_to(user).select_related("created_by")
    if month := filters.get("month"):
        year, number = month
        qs = qs.filter(booked_on__year=year, booked_on__month=number)
    if city := filters.get("city"):
        qs = qs.filter(city=city)
    if category := filters.get("category"):
        qs = qs.filter(category=category)
    if kind := filters.get("kind"):
        qs = qs.filter(kind=kind)
    return qs.order_by("booked_on", "id")


@dataclass(frozen=True)
class LedgerTotals:
    entries: int
    committed: Decimal
    spent: Decimal
    by_category: list[tuple[str, str, Decimal, Decimal]]  # (code, label, committed, spent)


def ledger_totals(entries: QuerySet[LedgerEntry]) -> LedgerTotals:
    """Net totals of the given entries, by kind and by cost category (one query)."""
    cells: dict[tuple[str, str], Decimal] = {}
    count = 0
    grouped = (
        entries.order_by()
        .values_list("category", "kind")
        .annotate(total=Sum("amount"), n=Count("id"))
    )
    for category, kind, total, n in grouped:
        cells[(category, kind)] = total
        count += n
    by_category = [
        (
            code,
            str(label),
            cells.get((code, EntryKind.COMMITMENT), ZERO),
            cells.get((code, EntryKind.EXPENDITURE), ZERO),
        )
        for code, label in CostCategory.choices
        if (code, EntryKind.COMMITMENT) in cells or (code, EntryKind.EXPENDITURE) in cells
    ]
    return LedgerTotals(
        entries=count,
        committed=sum((row[2] for row in by_category), ZERO),
        spent=sum((row[3] for row in by_category), ZERO),
        by_category=by_category,
    )
