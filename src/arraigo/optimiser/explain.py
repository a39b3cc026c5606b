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
    FAIRNESS_FLOOR = "capacity taken to meet a fairness floor"  # full, and holding households
    # of a group whose floor is met exactly (the floor may be what put them there)
    BANNED = "banned"
    INCOMPATIBLE = "incompatible"  # no score for the pair: never proposed
    LOWER_SCORE = "lower score"
    PREFERENCE = "household preference"  # better outcome there, but the preference bonus of
    # the proposed city outweighs it
    JOBS = "better jobs in the proposed city"  # better outcome (and bonus) there, but the
    # jobs proposed in the proposed city outweigh it
    WHOLE_PLACEMENT = "better for the placement as a whole"  # room and a higher total


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
    job_fit: float = 0.0  # the best fit its workers could still get there (free seats)
    floor_group: str = ""  # for FAIRNESS_FLOOR: the group whose floor holds the places

    @property
    def total(self) -> float | None:
        """Comparable with the proposed city's `Explanation.score`: with the jobs counted."""
        return None if self.score is None else self.score + self.job_fit


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


def _tight_groups(instance: Instance, assignment: Mapping[str, str]) -> dict[str, set[str]]:
    """Groups whose floor the result meets exactly -> the cities holding their households."""
    groups = {h.id: h.groups for h in instance.households}
    tight: dict[str, set[str]] = {}
    for floor in instance.floors:
        if floor.minimum <= 0:
            continue
        held = [c for h, c in assignment.items() if floor.group in groups[h]]
        if len(held) == floor.minimum:
            tight[floor.group] = set(held)
    return tight


def _job_options(instance: Instance, result: Result) -> dict[str, list[tuple[float, str, str]]]:
    """worker -> (fit, vacancy, city) for vacancies with a seat the result left free."""
    seats = {v.id: v.seats for v in instance.vacancies}
    for vacancy in result.jobs.values():
        seats[vacancy] = seats.get(vacancy, 0) - 1
    city_of = {v.id: v.city for v in instance.vacancies}
    options: dict[str, list[tuple[float, str, str]]] = {}
    for (w, v), q in instance.fit.items():
        if seats.get(v, 0) > 0:
            options.setdefault(w, []).append((q, v, city_of[v]))
    for rows in options.values():
        rows.sort(key=lambda row: (-row[0], row[1]))
    return options


def _jobs_there(
    workers: tuple[str, ...], city: str, options: Mapping[str, list[tuple[float, str, str]]]
) -> float:
    """The fit the workers could still get in `city`: each the best free seat, in turn."""
    taken: dict[str, int] = {}
    total = 0.0
    for w in workers:
        for q, v, c in options.get(w, []):
            if c == city and not taken.get(v):
                taken[v] = 1  # one seat each is enough for a what-if
                total += q
                break
    return total


def _lost(
    outcome: float,
    bonus: float,
    jobs: float,
    chosen: tuple[float, float, float] | None,
) -> Lost:
    """Why a compatible city with room lost to the proposed one (chosen: its three parts)."""
    if chosen is None:
        return Lost.LOWER_SCORE
    c_outcome, c_bonus, c_jobs = chosen
    if outcome + bonus + jobs > c_outcome + c_bonus + c_jobs + 1e-9:
        return Lost.WHOLE_PLACEMENT
    if outcome <= c_outcome:
        return Lost.LOWER_SCORE
    if outcome + bonus <= c_outcome + c_bonus:
        return Lost.PREFERENCE
    return Lost.JOBS


def explain(instance: Instance, result: Result, *, top: int = 3) -> dict[str, Explanation]:
    """One explanation per household of the instance, placed or not.

    An alternative city lost because taking the household would exceed a capacity left by
    the result (or, when that city holds households of a group whose fairness floor is met
    exactly, to meet that floor); or it was banned or incompatible; or, with room there, its
    total (outcome + preference + the best jobs its workers could still get) is lower: lower
    outcome, or a better outcome outweighed by the proposed city's preference bonus or jobs;
    or higher, and the placement as a whole did better without it.
    """
    capacity = {c.id: c.capacity for c in instance.cities}
    loads = _loads(instance, result.assignment)
    dims = instance.dimensions
    vacancy_fit = dict(instance.fit)
    tight = _tight_groups(instance, result.assignment)
    job_options = _job_options(instance, result)
    explanations: dict[str, Explanation] = {}
    for household in instance.households:
        h_id = household.id
        chosen = result.assignment.get(h_id)

        options: list[Alternative] = []
        chosen_parts = None
        if chosen is not None:
            chosen_parts = (
                instance.outcome[(h_id, chosen)],
                instance.preference.get((h_id, chosen), 0.0),
                sum(
                    vacancy_fit[(w, result.jobs[w])] for w in household.workers if w in result.jobs
                ),
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
            open_fit = _jobs_there(household.workers, c_id, job_options)
            group = ""
            if pair in instance.bans:
                lost, full = Lost.BANNED, ()
            elif full:
                lost = Lost.CAPACITY_FULL
                group = next(
                    (
                        g
                        for g, held in sorted(tight.items())
                        if c_id in held and g not in household.groups
                    ),
                    "",
                )
                if group:
                    lost = Lost.FAIRNESS_FLOOR
            else:
                lost = _lost(outcome, bonus, open_fit, chosen_parts)
            options.append(Alternative(c_id, outcome, bonus, score, lost, full, open_fit, group))
        scored = sorted(
            (o for o in options if o.score is not None),
            key=lambda o: (-(o.total or 0.0), o.city),
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
