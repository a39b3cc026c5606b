"""The baseline every report compares against: first come, best city with room."""

from __future__ import annotations

import time

from .check import result_check
from .instance import Instance, instance_check
from .result import Result, Status


def greedy(instance: Instance) -> Result:
    """Each household in arrival order (instance order) to its best compatible city with room.

    Among cities with equal scores the one listed last in `instance.cities` wins (a
    "best so far, replaced on ties" scan); this reproduces the greedy figures quoted in
    shared/benchmarks/README.md (157.41 on fy17-1d, 157.28 on fy17-3d).
    Workers then take, in order, the best-fitting vacancy with a free seat in that city.
    Pins are honoured first; floors are not considered (the baseline knows none). The result
    is checked (`check.result_check`) as far as the baseline promises: no floors, and a
    pinned household whose city is already full of pinned ones left out.
    """
    instance_check(instance)
    started = time.perf_counter()
    room = {c.id: list(c.capacity) for c in instance.cities}
    position = {c.id: i for i, c in enumerate(instance.cities)}
    options: dict[str, list[tuple[float, str]]] = {}
    for (h_id, c_id), score in instance.outcome.items():
        if (h_id, c_id) in instance.bans:
            continue
        bonus = instance.preference.get((h_id, c_id), 0.0)
        options.setdefault(h_id, []).append((score + bonus, c_id))
    assignment: dict[str, str] = {}
    objective = 0.0

    def fits(sizes: tuple[int, ...], c_id: str) -> bool:
        return all(s <= r for s, r in zip(sizes, room[c_id], strict=True))

    def place(h_id: str, sizes: tuple[int, ...], score: float, c_id: str) -> None:
        nonlocal objective
        room[c_id] = [r - s for r, s in zip(room[c_id], sizes, strict=True)]
        assignment[h_id] = c_id
        objective += score

    ordered = sorted(instance.households, key=lambda h: h.id not in instance.pins)
    for household in ordered:
        pinned = instance.pins.get(household.id)
        candidates = sorted(
            options.get(household.id, []), key=lambda pair: (-pair[0], -position[pair[1]])
        )
        for score, c_id in candidates:
            if (pinned is None or c_id == pinned) and fits(household.sizes, c_id):
                place(household.id, household.sizes, score, c_id)
                break
    jobs, fit_total = _greedy_jobs(instance, assignment)
    result = Result(
        status=Status.FEASIBLE if instance.households else Status.OPTIMAL,
        objective=objective + fit_total,
        bound=None,
        gap=None,
        seconds=time.perf_counter() - started,
        assignment=assignment,
        jobs=jobs,
        message="greedy baseline",
    )
    return result_check(instance, result, baseline=True)


def _greedy_jobs(instance: Instance, assignment: dict[str, str]) -> tuple[dict[str, str], float]:
    seats = {v.id: v.seats for v in instance.vacancies}
    city_of = {v.id: v.city for v in instance.vacancies}
    by_worker: dict[str, list[tuple[float, str]]] = {}
    for (w, v), score in instance.fit.items():
        by_worker.setdefault(w, []).append((score, v))
    jobs: dict[str, str] = {}
    total = 0.0
    for household in instance.households:
        city = assignment.get(household.id)
        if city is None:
            continue
        for worker in household.workers:
            for score, v in sorted(by_worker.get(worker, []), key=lambda p: (-p[0], p[1])):
                if city_of[v] == city and seats[v] > 0:
                    seats[v] -= 1
                    jobs[worker] = v
                    total += score
                    break
    return jobs, total
