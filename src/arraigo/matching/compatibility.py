"""Whether a household can go to a city in a capacity period: the one rule that matching runs,
the coordinator's override and the household's acceptance all apply.

A city is COMPATIBLE with a household when the household did not exclude it, the city is an
active host city with capacity rows for the period, and in every capacity dimension the city
offers at least what the household needs (a household needing a specialised-service place
cannot go to a city that offers none; a family of six cannot go to a city with five beds).
A compatible city HAS ROOM when, in every dimension, what is left (amount minus reserved)
covers the household. A run pairs a household only with compatible cities and lets the
capacity constraint decide room; an override needs room now; acceptance reserves it.

`city_fit` is pure (plain data in, a `CityFit` out); `host_capacity` reads the rows it needs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass

from django.db.models import QuerySet

from arraigo.places.models import Capacity, CityKind

# dimension -> (amount, reserved) of one city in one period
CityCapacity = Mapping[str, tuple[int, int]]


@dataclass(frozen=True)
class Shortfall:
    dimension: str
    needed: int
    left: int  # for `unserved`: the city's whole amount in the period


@dataclass(frozen=True)
class CityFit:
    city: str
    excluded: bool  # the household excluded the city
    offered: bool  # an active host city with capacity rows in the period
    unserved: tuple[Shortfall, ...]  # dimensions whose whole amount is below the need
    short: tuple[Shortfall, ...]  # dimensions whose remaining places are below the need

    @property
    def compatible(self) -> bool:
        return self.offered and not self.excluded and not self.unserved

    @property
    def has_room(self) -> bool:
        return self.compatible and not self.short


def city_fit(
    *,
    city: str,
    needs: Mapping[str, int],
    capacity: CityCapacity | None,
    excluded: Collection[str] = (),
) -> CityFit:
    """How `city` fits a household that takes `needs` places per dimension.

    `capacity` is the city's (amount, reserved) per dimension in the period, None when the
    city has no rows there (or is not an active host city); `excluded` the household's
    excluded city ids. Ids are strings, as in the optimiser's Instance.
    """
    rows = capacity or {}
    unserved: list[Shortfall] = []
    short: list[Shortfall] = []
    for dimension, needed in needs.items():
        if not needed:
            continue
        amount, reserved = rows.get(dimension, (0, 0))
        if amount < needed:
            unserved.append(Shortfall(dimension, needed, amount))
        elif amount - reserved < needed:
            short.append(Shortfall(dimension, needed, amount - reserved))
    return CityFit(
        city=city,
        excluded=city in excluded,
        offered=bool(capacity),
        unserved=tuple(unserved),
        short=tuple(short),
    )


def host_capacity_rows(
    period_start: dt.date, period_end: dt.date, city_ids: Iterable[int] | None = None
) -> QuerySet[Capacity]:
    """Capacity rows of active host cities for exactly this period."""
    rows = Capacity.objects.filter(
        period_start=period_start,
        period_end=period_end,
        city__active=True,
        city__kind__in=[CityKind.HOST, CityKind.BOTH],
    )
    if city_ids is not None:
        rows = rows.filter(city_id__in=list(city_ids))
    return rows


def host_capacity(
    period_start: dt.date, period_end: dt.date, city_ids: Iterable[int] | None = None
) -> dict[str, dict[str, tuple[int, int]]]:
    """city id (string) -> dimension -> (amount, reserved), for active host cities."""
    capacity: dict[str, dict[str, tuple[int, int]]] = {}
    for city_id, dimension, amount, reserved in host_capacity_rows(
        period_start, period_end, city_ids
    ).values_list("city_id", "dimension", "amount", "reserved"):
        capacity.setdefault(str(city_id), {})[dimension] = (amount, reserved)
    return capacity
