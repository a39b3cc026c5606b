"""How well a worker fits a vacancy: q[w, v] of the placement model (DESIGN.md section 3).

Pure functions on plain data. A worker who misses a hard requirement (education, years of
experience, Spanish) is incompatible: `fit` returns None and no y variable is created.

Otherwise the raw fit in [0.14, 1] is

    raw = 0.7 x occupation + 0.3 x skills
    occupation = 1.0 same ISCO-08 unit group, 0.6 same major group, 0.2 any other
    skills     = share of the vacancy's skills the worker has (1.0 when it lists none)

and q = FIT_SCALE x raw. With FIT_SCALE = 0.1 a job adds at most 0.1 to the objective, while a
household's predicted outcome ranges over [0, 1] (or [0, workers] in "expected employed"):
fit breaks ties between cities and chooses among vacancies, but never outweighs a clearly
better outcome for the household.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from arraigo.core.choices import EDUCATION_RANK, LANGUAGE_RANK

FIT_SCALE = 0.1
OCCUPATION_WEIGHT = 0.7
SKILLS_WEIGHT = 0.3
SAME_UNIT_GROUP = 1.0
SAME_MAJOR_GROUP = 0.6
OTHER_OCCUPATION = 0.2


@dataclass(frozen=True)
class WorkerProfile:
    id: str
    education: str
    years_experience: int
    spanish: str
    isco_codes: frozenset[str]
    skills: frozenset[str]


@dataclass(frozen=True)
class VacancyProfile:
    id: str
    city: str
    min_education: str
    min_experience_years: int
    min_spanish: str
    isco_code: str
    skills: frozenset[str]


def meets_requirements(worker: WorkerProfile, vacancy: VacancyProfile) -> bool:
    return (
        EDUCATION_RANK[worker.education] >= EDUCATION_RANK[vacancy.min_education]
        and worker.years_experience >= vacancy.min_experience_years
        and LANGUAGE_RANK[worker.spanish] >= LANGUAGE_RANK[vacancy.min_spanish]
    )


def occupation_match(worker_codes: Collection[str], vacancy_code: str) -> float:
    if vacancy_code in worker_codes:
        return SAME_UNIT_GROUP
    if any(code[:1] == vacancy_code[:1] for code in worker_codes):
        return SAME_MAJOR_GROUP
    return OTHER_OCCUPATION


def skills_overlap(worker_skills: Collection[str], vacancy_skills: Collection[str]) -> float:
    if not vacancy_skills:
        return 1.0
    return len(set(worker_skills) & set(vacancy_skills)) / len(set(vacancy_skills))


def fit(worker: WorkerProfile, vacancy: VacancyProfile) -> float | None:
    """q[w, v], or None when the worker misses a requirement of the vacancy."""
    if not meets_requirements(worker, vacancy):
        return None
    raw = OCCUPATION_WEIGHT * occupation_match(
        worker.isco_codes, vacancy.isco_code
    ) + SKILLS_WEIGHT * skills_overlap(worker.skills, vacancy.skills)
    return FIT_SCALE * raw


def best_vacancies(
    worker: WorkerProfile, vacancies: Collection[VacancyProfile], *, per_city: int = 5
) -> dict[str, float]:
    """The worker's `per_city` best-fitting compatible vacancies in each city: vacancy -> q.

    Keeps the y variables of the model sparse. Ties go to the lower vacancy id.
    """
    by_city: dict[str, list[tuple[float, str]]] = {}
    for vacancy in vacancies:
        q = fit(worker, vacancy)
        if q is not None:
            by_city.setdefault(vacancy.city, []).append((q, vacancy.id))
    chosen: dict[str, float] = {}
    for options in by_city.values():
        options.sort(key=lambda pair: (-pair[0], pair[1]))
        for q, vacancy_id in options[:per_city]:
            chosen[vacancy_id] = q
    return chosen
