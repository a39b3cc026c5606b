"""Features of a household placed in a city, as numpy arrays (no per-pair Python loop).

Profiles become column arrays once (`HouseholdArrays`, `CityArrays`); each named feature is a
function of the two that broadcasts, so the same code gives the full household x city grid
(households shaped (H, 1), cities (1, C)) and the rows of a history (both shaped (N,)).
The priors use `BASE_FEATURES`; the learned model adds the interaction of each ISCO-08 major
group a household works in with the city's open seats in that group (`LEARNED_FEATURES`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .types import CityProfile, HouseholdProfile

GROUPS: tuple[str, ...] = tuple("123456789")  # ISCO-08 major groups (0, armed forces, left out)
EXPERIENCE_CAP = 20
WORKERS_CAP = 4

Array = np.ndarray


@dataclass(frozen=True)
class HouseholdArrays:
    spanish: Array
    education: Array
    experience: Array
    workers: Array  # capped at WORKERS_CAP, as a feature
    single_parent: Array
    specific_needs: Array
    groups: Array  # (..., 9) 1.0 where an adult works in the major group

    @classmethod
    def of(cls, profiles: Sequence[HouseholdProfile]) -> HouseholdArrays:
        groups = np.zeros((len(profiles), len(GROUPS)))
        for row, profile in enumerate(profiles):
            for column, group in enumerate(GROUPS):
                if group in profile.occupation_major_groups:
                    groups[row, column] = 1.0
        return cls(
            spanish=np.array([p.spanish_rank for p in profiles], dtype=float),
            education=np.array([p.max_education_rank for p in profiles], dtype=float),
            experience=np.minimum(
                np.array([p.max_experience_years for p in profiles], dtype=float), EXPERIENCE_CAP
            ),
            workers=np.minimum(np.array([p.workers for p in profiles], dtype=float), WORKERS_CAP),
            single_parent=np.array([p.single_parent for p in profiles], dtype=float),
            specific_needs=np.array([p.has_specific_needs for p in profiles], dtype=float),
            groups=groups,
        )

    def take(self, index: Array) -> HouseholdArrays:
        """Rows `index` (a history's households, one row per outcome)."""
        return HouseholdArrays(*(getattr(self, name)[index] for name in self.__dataclass_fields__))

    def column(self) -> HouseholdArrays:
        """Shaped for a grid: households down, cities across."""
        return HouseholdArrays(
            *(
                getattr(self, name)[:, None] if name != "groups" else self.groups[:, None, :]
                for name in self.__dataclass_fields__
            )
        )


@dataclass(frozen=True)
class CityArrays:
    wage: Array  # thousands of MXN per month
    seats: Array
    group_seats: Array  # (..., 9)

    @classmethod
    def of(cls, profiles: Sequence[CityProfile]) -> CityArrays:
        return cls(
            wage=np.array([p.average_wage for p in profiles], dtype=float) / 1000.0,
            seats=np.array([p.open_seats for p in profiles], dtype=float),
            group_seats=np.array(
                [[float(p.seats_by_major_group.get(g, 0)) for g in GROUPS] for p in profiles],
                dtype=float,
            ).reshape(len(profiles), len(GROUPS)),
        )

    def take(self, index: Array) -> CityArrays:
        return CityArrays(self.wage[index], self.seats[index], self.group_seats[index])

    def row(self) -> CityArrays:
        return CityArrays(self.wage[None, :], self.seats[None, :], self.group_seats[None, :, :])


def _labour_demand(h: HouseholdArrays, c: CityArrays) -> Array:
    matching = (h.groups * c.group_seats).sum(axis=-1)
    known = h.groups.sum(axis=-1) > 0
    matching = np.where(known, matching, c.seats / len(GROUPS))
    return np.log1p(matching / np.maximum(h.workers, 1.0))


def _group_demand(index: int) -> Callable[[HouseholdArrays, CityArrays], Array]:
    def feature(h: HouseholdArrays, c: CityArrays) -> Array:
        return h.groups[..., index] * np.log1p(c.group_seats[..., index])

    return feature


def _zeros(h: HouseholdArrays, c: CityArrays) -> Array:
    return np.zeros(np.broadcast_shapes(h.spanish.shape, c.wage.shape))


def _broadcast(value: Array, h: HouseholdArrays, c: CityArrays) -> Array:
    return value + _zeros(h, c)


_BASE: dict[str, tuple[Promise, Callable[[HouseholdArrays, CityArrays], Array]]] = {
    "spanish_rank": (_("Spanish level"), lambda h, c: _broadcast(h.spanish, h, c)),
    "education_rank": (_("Education"), lambda h, c: _broadcast(h.education, h, c)),
    "experience_years": (_("Work experience"), lambda h, c: _broadcast(h.experience, h, c)),
    "workers": (_("Adults able to work"), lambda h, c: _broadcast(h.workers, h, c)),
    "single_parent": (_("Single parent"), lambda h, c: _broadcast(h.single_parent, h, c)),
    "specific_needs": (_("Specific needs"), lambda h, c: _broadcast(h.specific_needs, h, c)),
    "labour_demand": (_("Open jobs in the household's trades"), _labour_demand),
    "city_seats": (_("Open jobs in the city"), lambda h, c: _broadcast(np.log1p(c.seats), h, c)),
    "city_wage": (_("City wage"), lambda h, c: _broadcast(c.wage, h, c)),
}
_GROUP_PREFIX = "demand_group_"
FEATURES: dict[str, Callable[[HouseholdArrays, CityArrays], Array]] = {
    name: function for name, (_label, function) in _BASE.items()
}
FEATURES.update({f"{_GROUP_PREFIX}{g}": _group_demand(i) for i, g in enumerate(GROUPS)})
BASE_FEATURES: tuple[str, ...] = tuple(_BASE)
LEARNED_FEATURES: tuple[str, ...] = tuple(FEATURES)


def feature_label(name: str) -> str:
    """The factor's name for people, in the active language."""
    if name.startswith(_GROUP_PREFIX):
        group = name.removeprefix(_GROUP_PREFIX)
        return gettext("Open jobs in ISCO-08 major group %(group)s") % {"group": group}
    return str(_BASE[name][0])


def feature_values(names: Sequence[str], h: HouseholdArrays, c: CityArrays) -> Array:
    """Stacked features (..., len(names)) for aligned or broadcast households and cities."""
    unknown = [n for n in names if n not in FEATURES]
    if unknown:
        raise KeyError(f"Unknown outcome features: {', '.join(unknown)}")
    return np.stack([FEATURES[name](h, c) for name in names], axis=-1)
