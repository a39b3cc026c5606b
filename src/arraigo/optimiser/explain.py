"""Why a household was proposed where it was: pure functions over an instance and a result.

For each household: the proposed city with the parts of its score (predicted outcome,
preference bonus, fit of the jobs taken there), whether a capacity bound there, the next
best cities and why each lost, or, for a household left out, why.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from .instance import Instance
from .result import Result


class Lost(StrEnum):
    CAPACITY_FULL = "capacity full"  # taking it would exceed a capacity left in the result
    BANNED = "banned"
    INCOMPATIBLE = "incompatible"  # no score for the pair: never proposed
    LOWER_SCORE = "lower score"
    WHOLE_PLACEMENT = "better for the placement as a whole"  # room and a higher score


class Unplaced(StrEnum):
    NO_COMPATIBLE_CITY = "no compatible city"
    EVERY_COMPATIBLE_CITY_FULL = "every compatible city full"
    NOT_WORTH_A_PLACE = "room left but placing it would lower the total"


@dataclass(frozen=True)
class JobTaken:
    worker: str
    vacancy: str
    fit: float


@dataclass(frozen=True)
class Alternative:
    city: str
    outcome: float | None  # None for an incompatible pair
    preference: float
    score: float | None  # outcome + preference
    lost: Lost
    full_dimensions: tuple[str, ...] = ()  # for CAPACITY_FULL: the dimensions exceeded


@dataclass(frozen=True)
class Explanation:
    household: str
    city: str | None
    outcome: float | None
    preference: float | None
    jobs: tuple[JobTaken, ...]
    capacity_bound: tuple[str, ...]  # dimensions used to the full in the proposed city
    alternatives: tuple[Alternative, ...]
    unplaced: Unplaced | None = None

    @property
    def job_fit(self) -> float:
        return sum(job.fit for job in self.jobs)

    @property
    def score(self) -> float | None:
        """Outcome plus preference bonus plus the fit of the jobs taken in the city."""
        if self.outcome is None or self.preference is None:
            return None
        return self.outcome + self.preference + self.job_fit


def _loads(instance: Instance, assignment: Mapping[str, str]) -> dict[str, list[int]]:
    sizes = {h.id: h.sizes for h in instance.households}
    loads = {c.id: [0] * len(instance.dimensions) for c in instance.cities}
    for h_id, c_id in assignment.items():
        loads[c_id] = [a + b for a, b in zip(loads[c_id], sizes[h_id], strict=True)]
    return loads


def explain(instance: Instance, result: Result, *, top: int = 3) -> dict[str, Explanation]:
    """One explanation per household of the instance, placed or not."""
    capacity = {c.id: c.capacity for c in instance.cities}
    loads = _loads(instance, result.assignment)
    dims = instance.dimensions
    vacancy_fit = dict(instance.fit)
    explanations: dict[str, Explanation] = {}
    for household in instance.households:
        h_id = household.id
        chosen = result.assignment.get(h_id)

        options: list[Alternative] = []
        chosen_score = None
        if chosen is not None:
            chosen_score = instance.outcome[(h_id, chosen)] + instance.preference.get(
                (h_id, chosen), 0.0
            )
        for city in instance.cities:
            c_id = city.id
            if c_id == chosen:
                continue
            pair = (h_id, c_id)
            bonus = instance.preference.get(pair, 0.0)
            if pair not in instance.outcome:
                options.append(Alternative(c_id, None, bonus, None, Lost.INCOMPATIBLE))
                continue
            outcome = instance.outcome[pair]
            score = outcome + bonus
            full = tuple(
                dim
                for d, dim in enumerate(dims)
                if loads[c_id][d] + household.sizes[d] > capacity[c_id][d]
            )
            if pair in instance.bans:
                lost, full = Lost.BANNED, ()
            elif full:
                lost = Lost.CAPACITY_FULL
            elif chosen_score is None or score <= chosen_score:
                lost = Lost.LOWER_SCORE
            else:
                lost = Lost.WHOLE_PLACEMENT
            options.append(Alternative(c_id, outcome, bonus, score, lost, full))
        scored = sorted(
            (o for o in options if o.score is not None),
            key=lambda o: (-(o.score or 0.0), o.city),
        )
        unscored = [o for o in options if o.score is None]
        alternatives = tuple([*scored, *unscored][:top])
        if chosen is None:
            compatible = [o for o in scored if o.lost is not Lost.BANNED]
            if not compatible:
                reason = Unplaced.NO_COMPATIBLE_CITY
            elif all(o.lost is Lost.CAPACITY_FULL for o in compatible):
                reason = Unplaced.EVERY_COMPATIBLE_CITY_FULL
            else:
                reason = Unplaced.NOT_WORTH_A_PLACE
            explanations[h_id] = Explanation(
                h_id, None, None, None, (), (), alternatives, unplaced=reason
            )
            continue
        jobs = tuple(
            JobTaken(w, result.jobs[w], vacancy_fit[(w, result.jobs[w])])
            for w in household.workers
            if w in result.jobs
        )
        bound = tuple(dim for d, dim in enumerate(dims) if loads[chosen][d] >= capacity[chosen][d])
        explanations[h_id] = Explanation(
            household=h_id,
            city=chosen,
            outcome=instance.outcome[(h_id, chosen)],
            preference=instance.preference.get((h_id, chosen), 0.0),
            jobs=jobs,
            capacity_bound=bound,
            alternatives=alternatives,
        )
    return explanations
