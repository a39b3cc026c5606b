"""Jobs for one household in one city, proposed again when its city changes (an override).

The run chose each worker's vacancy together with the city; when a coordinator offers another
city, the household's workers are matched afresh to the open vacancies with a free seat there,
with the optimiser's own job matching: a one-household instance pinned to the new city, whose
solve is the assignment of workers to vacancies that maximises the total fit (each worker one
vacancy, each vacancy its free seats). Candidates per worker are the run's: the best-fitting
compatible vacancies (`fit.best_vacancies`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Prefetch

from arraigo.optimiser import City, Household, Instance, Params, solve
from arraigo.optimiser import Vacancy as OptVacancy
from arraigo.registry.models import Household as HouseholdRow
from arraigo.registry.models import Person

from .adapter import DIMENSIONS, VACANCIES_PER_CITY, household_sizes, open_vacancies, worker_profile
from .fit import best_vacancies

JOBS_TIME_LIMIT = 5.0  # seconds; one household's matching takes milliseconds


@dataclass(frozen=True)
class JobChoice:
    person: int
    vacancy: int
    fit: float


def jobs_in_city(*, household: HouseholdRow, city_id: int, day: dt.date) -> list[JobChoice]:
    """The best jobs for the household's workers among the open vacancies of the city."""
    row = HouseholdRow.objects.prefetch_related(
        Prefetch("members", queryset=Person.objects.order_by("id")),
        "members__occupations",
        "members__skills",
        "needs",
    ).get(pk=household.pk)
    codes = [n.code for n in row.needs.all()]
    sizes, workers = household_sizes(list(row.members.all()), codes, day)
    if not workers:
        return []
    vacancies, seats = open_vacancies([city_id])
    fit: dict[tuple[str, str], float] = {}
    for worker in workers:
        chosen = best_vacancies(worker_profile(worker), vacancies, per_city=VACANCIES_PER_CITY)
        fit.update(((str(worker.pk), v), q) for v, q in chosen.items())
    if not fit:
        return []
    h_id, c_id = str(row.pk), str(city_id)
    instance = Instance(
        dimensions=DIMENSIONS,
        households=(Household(id=h_id, sizes=sizes, workers=tuple(str(w.pk) for w in workers)),),
        cities=(City(id=c_id, capacity=sizes),),
        outcome={(h_id, c_id): 0.0},
        vacancies=tuple(OptVacancy(id=v.id, city=c_id, seats=seats[v.id]) for v in vacancies),
        fit=fit,
        pins={h_id: c_id},
    )
    result = solve(instance, Params(time_limit=JOBS_TIME_LIMIT))
    return [
        JobChoice(person=int(w), vacancy=int(v), fit=round(fit[(w, v)], 6))
        for w, v in sorted(result.jobs.items(), key=lambda item: int(item[0]))
    ]
