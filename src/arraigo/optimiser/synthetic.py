"""Synthetic instances for benchmarks and the simulated year: seeded, no outside data.

Outcome scores come from a latent model: a household's chance of work in a city is a
logistic function of its own employability, the city's labour market and the match of a
household profile vector with a city profile vector, so the right household in the right
city matters. Capacity is set so that demand exceeds it (about 120% by default).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .instance import City, Household, Instance, Vacancy

DIMENSIONS = ("people", "adults", "children")


@dataclass(frozen=True)
class SyntheticYear:
    instance: Instance  # every household of the year against the annual capacity
    arrival_weeks: dict[str, int]  # household -> week of arrival, 0 .. weeks - 1


def _households(rng: np.random.Generator, n: int, prefix: str) -> list[tuple[str, int, int]]:
    adults = 1 + rng.binomial(2, 0.35, size=n)
    children = np.minimum(rng.poisson(1.1, size=n), 5)
    return [
        (f"{prefix}{i}", int(a), int(c))
        for i, (a, c) in enumerate(zip(adults, children, strict=True))
    ]


def _outcomes(
    rng: np.random.Generator,
    households: list[tuple[str, int, int]],
    city_ids: list[str],
    *,
    compatible_share: float,
    latent: int = 4,
) -> dict[tuple[str, str], float]:
    n, m = len(households), len(city_ids)
    employability = rng.normal(0.0, 0.6, size=n)
    market = rng.normal(0.0, 0.4, size=m)
    profile = rng.normal(0.0, 1.0, size=(n, latent))
    city_profile = rng.normal(0.0, 1.0, size=(m, latent))
    logits = employability[:, None] + market[None, :] + 0.7 * profile @ city_profile.T - 0.3
    chance = 1.0 / (1.0 + np.exp(-logits))
    compatible = rng.random((n, m)) < compatible_share
    outcome: dict[tuple[str, str], float] = {}
    for i, (h_id, adults, _children) in enumerate(households):
        for j, c_id in enumerate(city_ids):
            if compatible[i, j]:
                # expected number of adults in work: a score comparable to the public instances
                outcome[(h_id, c_id)] = round(float(chance[i, j] * adults), 6)
    return outcome


def _cities(
    rng: np.random.Generator, households: list[tuple[str, int, int]], n_cities: int, demand: float
) -> list[City]:
    totals = np.array(
        [
            sum(a + c for _, a, c in households),
            sum(a for _, a, _ in households),
            sum(c for _, _, c in households),
        ],
        dtype=float,
    )
    weights = rng.dirichlet(np.full(n_cities, 4.0))
    cities = []
    for j in range(n_cities):
        capacity = tuple(int(np.floor(t * weights[j] / demand)) for t in totals)
        cities.append(City(f"c{j:02d}", capacity))
    return cities


def synthetic_year(
    n_households: int = 1500,
    *,
    n_cities: int = 21,
    weeks: int = 52,
    demand: float = 1.2,
    compatible_share: float = 0.8,
    seed: int = 0,
) -> SyntheticYear:
    """A year of arrivals in weekly batches (uneven, Poisson-like) against annual capacity."""
    rng = np.random.default_rng(seed)
    rows = _households(rng, n_households, "h")
    cities = _cities(rng, rows, n_cities, demand)
    outcome = _outcomes(rng, rows, [c.id for c in cities], compatible_share=compatible_share)
    weight = rng.gamma(4.0, 1.0, size=weeks)
    weeks_drawn = np.sort(rng.choice(weeks, size=n_households, p=weight / weight.sum()))
    instance = Instance(
        dimensions=DIMENSIONS,
        households=tuple(Household(h, (a + c, a, c)) for h, a, c in rows),
        cities=tuple(cities),
        outcome=outcome,
    )
    arrival = {h: int(w) for (h, _a, _c), w in zip(rows, weeks_drawn, strict=True)}
    return SyntheticYear(instance=instance, arrival_weeks=arrival)


def synthetic_instance(
    n_households: int,
    *,
    n_cities: int = 21,
    n_vacancies: int = 3000,
    n_occupations: int = 60,
    jobs_per_worker_city: int = 3,
    demand: float = 1.2,
    compatible_share: float = 0.8,
    seed: int = 0,
) -> Instance:
    """A static instance with workers and vacancies, for the scale benchmark.

    Each household has on average about 1.3 workers (each adult works with some chance);
    a worker knows one or two occupations and fits only the vacancies of those, keeping the
    `jobs_per_worker_city` best-fitting ones per city, so the job variables stay sparse.
    """
    rng = np.random.default_rng(seed)
    rows = _households(rng, n_households, "h")
    cities = _cities(rng, rows, n_cities, demand)
    city_ids = [c.id for c in cities]
    outcome = _outcomes(rng, rows, city_ids, compatible_share=compatible_share)
    vacancy_city = rng.integers(0, n_cities, size=n_vacancies)
    vacancy_occupation = rng.integers(0, n_occupations, size=n_vacancies)
    vacancy_quality = rng.normal(0.0, 0.5, size=n_vacancies)
    vacancies = tuple(
        Vacancy(f"v{k}", city_ids[int(vacancy_city[k])], int(1 + rng.binomial(2, 0.3)))
        for k in range(n_vacancies)
    )
    by_city_occupation: dict[tuple[int, int], list[int]] = {}
    for k in range(n_vacancies):
        key = (int(vacancy_city[k]), int(vacancy_occupation[k]))
        by_city_occupation.setdefault(key, []).append(k)
    households: list[Household] = []
    fit: dict[tuple[str, str], float] = {}
    for h_id, adults, children in rows:
        n_workers = min(adults, int(rng.binomial(adults, 0.6)) + int(rng.random() < 0.35))
        workers = tuple(f"{h_id}w{i}" for i in range(n_workers))
        for w in workers:
            skill = rng.normal(0.0, 0.5)
            occupations = rng.choice(n_occupations, size=int(rng.integers(1, 3)), replace=False)
            for j in range(n_cities):
                if (h_id, city_ids[j]) not in outcome:
                    continue
                options = [k for o in occupations for k in by_city_occupation.get((j, int(o)), [])]
                scored = sorted(
                    ((float(1 / (1 + np.exp(-(skill + vacancy_quality[k])))), k) for k in options),
                    reverse=True,
                )[:jobs_per_worker_city]
                for value, k in scored:
                    fit[(w, f"v{k}")] = round(0.5 * value, 6)
        households.append(Household(h_id, (adults + children, adults, children), workers))
    return Instance(
        dimensions=DIMENSIONS,
        households=tuple(households),
        cities=tuple(cities),
        outcome=outcome,
        vacancies=vacancies,
        fit=fit,
    )
