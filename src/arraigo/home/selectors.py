"""Reads for the dashboard: household counts in the asking user's scope, in a fixed few queries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, F, OuterRef, Q
from django.utils.translation import gettext as _

from arraigo.accounts.models import User
from arraigo.core.charts import bar_chart
from arraigo.core.figures import kept
from arraigo.registry.models import (
    HouseholdStatus,
    Person,
    Relationship,
    SpecificNeed,
)
from arraigo.registry.protection import protection_label, protection_statuses
from arraigo.registry.selectors import households_visible_to


@dataclass(frozen=True)
class Distribution:
    """Counts by one attribute, for a bar chart and a table beside it."""

    title: str
    rows: list[tuple[str, int]]
    chart: dict[str, Any] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "chart", bar_chart(self.title, self.rows))


@dataclass(frozen=True)
class Dashboard:
    households: int
    people: int
    single_headed: int
    with_specific_needs: int
    by_status: Distribution
    by_host_city: Distribution
    by_origin_office: Distribution
    by_protection: Distribution
    counted_at: dt.datetime

    @property
    def single_headed_share(self) -> float | None:
        """Percentage of households with a single head, or None when there are none."""
        if not self.households:
            return None
        return round(100 * self.single_headed / self.households, 1)

    @property
    def specific_needs_share(self) -> float | None:
        if not self.households:
            return None
        return round(100 * self.with_specific_needs / self.households, 1)


def _member(relationship: str) -> Exists:
    return Exists(Person.objects.filter(household=OuterRef("pk"), relationship=relationship))


@dataclass(frozen=True)
class Figures:
    """The dashboard's numbers, without words (those are the page's language)."""

    status_counts: dict[str, int]
    city_rows: list[tuple[int | None, str | None, int]]
    office_rows: list[tuple[int, str, int]]
    totals: dict[str, int]
    protection_counts: dict[str, int]


def dashboard_for(user: User, *, recount: bool = False) -> Dashboard:
    """Counts over the households `user` may see (merged-away duplicates left out).

    The counts read every household in scope, so they are kept per scope for a few minutes
    (core/figures.py): at 100,000 households the page costs a cache read, and the page says
    when the figures were counted.
    """
    figures = kept("dashboard", user, lambda: _figures(user), recount=recount)
    return _dashboard(figures.value, figures.counted_at)


def dashboard_recount(user: User) -> None:
    dashboard_for(user, recount=True)


def _figures(user: User) -> Figures:
    """Five queries whatever the number of households: by status, by host city, by origin
    office, the totals, and the people by protection status (as recorded; registry.protection).
    A household has a single head when it has a son or daughter of the head and no spouse or
    partner."""
    households = households_visible_to(user).filter(merged_into__isnull=True).order_by()

    status_counts = dict(households.values_list("status").annotate(n=Count("id")))
    city_rows = list(
        households.values_list("host_city_id", "host_city__name")
        .annotate(n=Count("id"))
        .order_by("-n", F("host_city__name").asc(nulls_last=True))
    )
    office_rows = list(
        households.values_list("origin_office_id", "origin_office__name")
        .annotate(n=Count("id"))
        .order_by("-n", "origin_office__name")
    )

    single = Q(_member(Relationship.CHILD)) & ~Q(_member(Relationship.SPOUSE))
    needs = Q(Exists(SpecificNeed.objects.filter(household=OuterRef("pk"))))
    totals = households.aggregate(
        households=Count("id"),
        single_headed=Count("id", filter=single),
        with_needs=Count("id", filter=needs),
    )
    protection_counts = dict(
        Person.objects.filter(household__in=households.values("id"))
        .order_by()
        .values_list("protection_status")
        .annotate(n=Count("id"))
    )
    return Figures(
        status_counts=status_counts,
        city_rows=city_rows,
        office_rows=office_rows,
        totals={key: int(value) for key, value in totals.items()},
        protection_counts=protection_counts,
    )


def _dashboard(figures: Figures, counted_at: dt.datetime) -> Dashboard:
    """The figures in the words of the page's language."""
    status_counts = figures.status_counts
    by_status = [(str(s.label), status_counts.get(s.value, 0)) for s in HouseholdStatus]
    by_city = [(name or _("Not yet assigned"), n) for _id, name, n in figures.city_rows]
    by_office = [(name, n) for _id, name, n in figures.office_rows]
    totals = figures.totals
    protection_counts = dict(figures.protection_counts)
    people = sum(protection_counts.values())
    by_protection = [
        (status.label, protection_counts.pop(status.code, 0)) for status in protection_statuses()
    ]
    # Not recorded (or a code no longer in the programme's list) last.
    by_protection += [
        (protection_label(code), n) for code, n in sorted(protection_counts.items()) if n
    ]

    return Dashboard(
        households=totals["households"],
        people=people,
        single_headed=totals["single_headed"],
        with_specific_needs=totals["with_needs"],
        by_status=Distribution(_("Households by status"), by_status),
        by_host_city=Distribution(_("Households by host city"), by_city),
        by_origin_office=Distribution(_("Households by origin office"), by_office),
        by_protection=Distribution(_("People by protection status"), by_protection),
        counted_at=counted_at,
    )
