"""The data the optimiser works on: plain frozen dataclasses, no database.

Households go to cities; working adults go to vacancies in their household's city.
A pair that is absent from `outcome` is incompatible (never proposed).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Household:
    id: str
    sizes: tuple[int, ...]  # one entry per capacity dimension, in Instance.dimensions order
    workers: tuple[str, ...] = ()  # ids of members who can take a vacancy
    groups: frozenset[str] = frozenset()  # e.g. {"specific_needs", "single_parent"}


@dataclass(frozen=True)
class City:
    id: str
    capacity: tuple[int, ...]  # one entry per capacity dimension


@dataclass(frozen=True)
class Vacancy:
    id: str
    city: str
    seats: int


@dataclass(frozen=True)
class GroupFloor:
    """At least `minimum` households of `group` must be placed somewhere."""

    group: str
    minimum: int


@dataclass(frozen=True)
class Instance:
    dimensions: tuple[str, ...]
    households: tuple[Household, ...]
    cities: tuple[City, ...]
    outcome: Mapping[tuple[str, str], float]  # (household, city) -> predicted outcome
    vacancies: tuple[Vacancy, ...] = ()
    fit: Mapping[tuple[str, str], float] = field(default_factory=dict)  # (worker, vacancy)
    preference: Mapping[tuple[str, str], float] = field(default_factory=dict)  # bonus (h, c)
    pins: Mapping[str, str] = field(default_factory=dict)  # household -> city it must go to
    bans: frozenset[tuple[str, str]] = frozenset()  # (household, city) never
    floors: tuple[GroupFloor, ...] = ()


class InstanceError(ValueError):
    """The instance is malformed; the message says where."""


def _finite(values: Iterable[float]) -> bool:
    return all(math.isfinite(v) for v in values)


def instance_check(instance: Instance) -> None:
    """Refuse malformed input with a message naming the offending item.

    Every number must be finite (sizes, capacities, seats, floors, outcome, fit and
    preference scores: a NaN or an infinity would reach the solver as a score or a bound),
    and every preference must be for a compatible pair (a key of `outcome`).
    """
    n_dims = len(instance.dimensions)
    household_ids = set()
    worker_household: dict[str, str] = {}
    for h in instance.households:
        if h.id in household_ids:
            raise InstanceError(f"household {h.id!r} appears twice")
        household_ids.add(h.id)
        if len(h.sizes) != n_dims:
            raise InstanceError(f"household {h.id!r} has {len(h.sizes)} sizes, expected {n_dims}")
        if not _finite(h.sizes):
            raise InstanceError(f"household {h.id!r} has a size that is not a finite number")
        if any(s < 0 for s in h.sizes):
            raise InstanceError(f"household {h.id!r} has a negative size")
        for w in h.workers:
            if w in worker_household:
                raise InstanceError(f"worker {w!r} belongs to two households")
            worker_household[w] = h.id
    city_ids = set()
    for c in instance.cities:
        if c.id in city_ids:
            raise InstanceError(f"city {c.id!r} appears twice")
        city_ids.add(c.id)
        if len(c.capacity) != n_dims:
            raise InstanceError(
                f"city {c.id!r} has {len(c.capacity)} capacities, expected {n_dims}"
            )
        if not _finite(c.capacity):
            raise InstanceError(f"city {c.id!r} has a capacity that is not a finite number")
        if any(k < 0 for k in c.capacity):
            raise InstanceError(f"city {c.id!r} has a negative capacity")
    for (h_id, c_id), score in instance.outcome.items():
        if h_id not in household_ids:
            raise InstanceError(f"outcome score for unknown household {h_id!r}")
        if c_id not in city_ids:
            raise InstanceError(f"outcome score for unknown city {c_id!r}")
        if not math.isfinite(score):
            raise InstanceError(
                f"outcome score for ({h_id!r}, {c_id!r}) is not a finite number: {score!r}"
            )
    vacancy_ids = set()
    for v in instance.vacancies:
        if v.id in vacancy_ids:
            raise InstanceError(f"vacancy {v.id!r} appears twice")
        vacancy_ids.add(v.id)
        if v.city not in city_ids:
            raise InstanceError(f"vacancy {v.id!r} is in unknown city {v.city!r}")
        if not math.isfinite(v.seats):
            raise InstanceError(f"vacancy {v.id!r} has seats that are not a finite number")
        if v.seats < 0:
            raise InstanceError(f"vacancy {v.id!r} has negative seats")
    for (w_id, v_id), fit in instance.fit.items():
        if w_id not in worker_household:
            raise InstanceError(f"fit score for unknown worker {w_id!r}")
        if v_id not in vacancy_ids:
            raise InstanceError(f"fit score for unknown vacancy {v_id!r}")
        if not math.isfinite(fit):
            raise InstanceError(
                f"fit score for ({w_id!r}, {v_id!r}) is not a finite number: {fit!r}"
            )
    for (h_id, c_id), bonus in instance.preference.items():
        if (h_id, c_id) not in instance.outcome:
            raise InstanceError(
                f"preference for ({h_id!r}, {c_id!r}), a pair with no outcome score "
                "(an unknown household or city, or an incompatible pair)"
            )
        if not math.isfinite(bonus):
            raise InstanceError(
                f"preference for ({h_id!r}, {c_id!r}) is not a finite number: {bonus!r}"
            )
    for h_id, c_id in instance.pins.items():
        if h_id not in household_ids or c_id not in city_ids:
            raise InstanceError(f"pin of {h_id!r} to {c_id!r} names an unknown household or city")
        if (h_id, c_id) not in instance.outcome:
            raise InstanceError(f"household {h_id!r} is pinned to incompatible city {c_id!r}")
        if (h_id, c_id) in instance.bans:
            raise InstanceError(f"household {h_id!r} is both pinned to and banned from {c_id!r}")
    for floor in instance.floors:
        if not math.isfinite(floor.minimum):
            raise InstanceError(f"floor for group {floor.group!r} is not a finite number")
        if floor.minimum < 0:
            raise InstanceError(f"floor for group {floor.group!r} is negative")
