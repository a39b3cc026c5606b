"""Synthetic generators: seeded, tight capacity, sparse job variables."""

from arraigo.optimiser import instance_check
from arraigo.optimiser.synthetic import synthetic_instance, synthetic_year


def demand_over_capacity(instance, d):
    demand = sum(h.sizes[d] for h in instance.households)
    return demand / sum(c.capacity[d] for c in instance.cities)


def test_year_is_seeded_and_capacity_tight():
    first = synthetic_year(400, seed=5)
    again = synthetic_year(400, seed=5)

    assert first == again
    assert len(first.instance.cities) == 21
    assert sorted(set(first.arrival_weeks.values()))[0] >= 0
    assert max(first.arrival_weeks.values()) <= 51
    for d in range(3):
        assert 1.15 <= demand_over_capacity(first.instance, d) <= 1.35
    instance_check(first.instance)


def test_scale_instance_keeps_at_most_three_vacancies_per_worker_and_city():
    instance = synthetic_instance(200, n_vacancies=600, seed=2)

    instance_check(instance)
    workers = [w for h in instance.households for w in h.workers]
    assert 1.0 <= len(workers) / 200 <= 1.6
    city_of = {v.id: v.city for v in instance.vacancies}
    per_worker_city: dict[tuple[str, str], int] = {}
    for w, v in instance.fit:
        key = (w, city_of[v])
        per_worker_city[key] = per_worker_city.get(key, 0) + 1
    assert max(per_worker_city.values()) <= 3
